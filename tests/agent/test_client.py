"""The agent's writes go through the one HTTP client: one POST per signed report, a 429 waited out and sent again."""

from __future__ import annotations

import json
from typing import Any

import requests

from computescope.ingest.http import HttpClient, HttpPolicy


class _Session(requests.Session):
    """Answers POSTs from a script of (status, headers, body) and records what was sent."""

    def __init__(self, script: list[tuple[int, dict[str, str], Any]]) -> None:
        super().__init__()
        self.script, self.sent = list(script), []

    def post(self, url: str | bytes, data: Any = None, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(data)
        status, headers, body = self.script.pop(0)
        response = requests.Response()
        response.status_code, response.headers, response._content = status, requests.structures.CaseInsensitiveDict(headers), (
            json.dumps(body).encode() if body is not None else b"<html>")
        return response


def _client(script: list[tuple[int, dict[str, str], Any]]) -> tuple[HttpClient, _Session, list[float]]:
    session, slept = _Session(script), []
    return HttpClient(HttpPolicy(retries=3, max_retry_after_s=60), sleep=slept.append, session=session), session, slept


def test_a_429_is_waited_out_and_the_same_body_sent_again() -> None:
    client, session, slept = _client([(429, {"Retry-After": "2"}, {"reason": "rate_limited"}), (201, {}, {"created": True})])
    assert client.post_json("http://collector/api/v1/nodes/register", b'{"x":1}') == (201, {"created": True})
    assert slept == [2.0] and session.sent == [b'{"x":1}', b'{"x":1}']


def test_other_errors_are_answered_not_retried() -> None:
    client, session, slept = _client([(500, {}, None)])
    assert client.post_json("http://collector/api/v1/reports", b"{}") == (500, None)
    client, session, slept = _client([(429, {"Retry-After": "600"}, {"reason": "unverified_cap"})])
    assert client.post_json("http://collector/api/v1/reports", b"{}") == (429, {"reason": "unverified_cap"})
    assert slept == [] and len(session.sent) == 1
