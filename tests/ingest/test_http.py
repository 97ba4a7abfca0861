"""The one HTTP client against a real server on 127.0.0.1: timeouts, refusals, 429, 5xx, cut-short and oversized bodies."""

import socket

import pytest

from computescope.ingest.base import SchemaError
from computescope.ingest.http import FetchError, HttpClient, HttpPolicy
from tests.support.httpserver import FixtureServer, Reply, refused_url


def client(**policy: float) -> tuple[HttpClient, list[float]]:
    waits: list[float] = []
    settings = {"connect_timeout_s": 1.0, "read_timeout_s": 1.0, "retries": 2, "backoff_s": 0.01, **policy}
    return HttpClient(HttpPolicy(**settings), sleep=waits.append), waits


def test_json_ok(http_server: FixtureServer) -> None:
    http_server.json("/v1/x", {"a": 1})
    http, waits = client()
    payload, data = http.get_json(http_server.url + "/v1/x", resource="x")
    assert data == {"a": 1} and payload.status_code == 200 and payload.resource == "x" and waits == []


def test_500_then_success_retries_with_backoff(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(500, b"oops"), Reply(503, b"busy"), Reply(200, b"{}"))
    http, waits = client()
    http.get_json(http_server.url + "/v1/x", resource="x")
    assert http_server.hits["/v1/x"] == 3 and waits == [0.01, 0.02]


def test_429_honours_retry_after(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(429, b"", {"Retry-After": "7"}), Reply(200, b"[]"))
    http, waits = client()
    assert http.get_json(http_server.url + "/v1/x", resource="x")[1] == []
    assert waits == [7.0]


def test_a_retry_after_too_long_fails_clearly(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(429, b"", {"Retry-After": "3600"}))
    http, waits = client()
    with pytest.raises(FetchError, match="HTTP 429; server asks to retry after 3600 s"):
        http.get(http_server.url + "/v1/x", resource="x")
    assert waits == []


def test_persistent_5xx_gives_up(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(502, b"bad gateway"))
    http, _ = client()
    with pytest.raises(FetchError, match=r"HTTP 502 \(gave up after 3 attempts\)"):
        http.get(http_server.url + "/v1/x", resource="x")
    assert http_server.hits["/v1/x"] == 3


def test_4xx_is_not_retried(http_server: FixtureServer) -> None:
    http, _ = client()
    with pytest.raises(FetchError, match="HTTP 404"):
        http.get(http_server.url + "/missing", resource="x")
    assert http_server.hits["/missing"] == 1


def test_timeout(http_server: FixtureServer) -> None:
    http_server.route("/slow", Reply(200, b"{}", delay_s=0.6))
    http, _ = client(read_timeout_s=0.2, retries=1)
    with pytest.raises(FetchError, match="timed out"):
        http.get(http_server.url + "/slow", resource="x")


def test_connection_refused() -> None:
    http, waits = client()
    with pytest.raises(FetchError, match="connection failed"):
        http.get(refused_url() + "/v1/x", resource="x")
    assert len(waits) == 2


def test_cut_short_body_is_retried_then_reported(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(200, b'{"data": [1, 2, 3, 4]}', truncate_to=8))
    http, _ = client(retries=1)
    with pytest.raises(FetchError, match="cut short"):
        http.get(http_server.url + "/v1/x", resource="x")


def test_size_cap(http_server: FixtureServer) -> None:
    http_server.route("/big", Reply(200, b"x" * 5000))
    http, _ = client(max_bytes=1000)
    with pytest.raises(FetchError, match="exceeds the 1,000-byte limit"):
        http.get(http_server.url + "/big", resource="x")


def test_malformed_json_names_the_resource(http_server: FixtureServer) -> None:
    http_server.route("/v1/x", Reply(200, b"{not json"))
    http, _ = client()
    with pytest.raises(SchemaError, match="x: malformed JSON"):
        http.get_json(http_server.url + "/v1/x", resource="x")


def test_unresolvable_host_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*_args: object, **_kwargs: object) -> None:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)  # as on a machine without DNS; no lookup leaves the test
    http, _ = client(retries=0)
    with pytest.raises(FetchError, match="host name could not be resolved"):
        http.get("http://source.example/v1/x", resource="x")
