"""`computescope agent --operator-key / --endorsement`: a node joins a real network's figures through an allowlisted operator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient

from computescope.agent import node as agent_node
from computescope.cli import main
from computescope.core.verification.signing import load_or_create_key, public_key_hex, verify_endorsement
from computescope.db import Database
from computescope.explorer.api.intake import RateGuard
from computescope.ingest.http import HttpClient
from computescope.verify.params import VerifyParams
from tests.support.verify import collector_app


class _Collector(requests.Session):
    """Hands the agent's POSTs to a collector's Flask test client."""

    def __init__(self, client: FlaskClient) -> None:
        super().__init__()
        self.client = client

    def post(self, url: str | bytes, data: Any = None, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        answer = self.client.post(str(url).split("collector", 1)[1], data=data, content_type="application/json")
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.data
        response.headers = requests.structures.CaseInsensitiveDict(dict(answer.headers))
        return response


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path, str, str]:
    node, operator = tmp_path / "node.key", tmp_path / "operator.key"
    return node, operator, public_key_hex(load_or_create_key(node)), public_key_hex(load_or_create_key(operator))


@pytest.fixture
def collector(db: Database, keys: tuple[Path, Path, str, str], monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """A collector whose akash allowlist holds the operator key; the agent's HTTP client reaches it in-process."""
    params = VerifyParams(challenge_n=64, challenge_mean_s=1e12, network_operators={"akash": frozenset({keys[3]})})
    client = collector_app(db, params=params, guard=RateGuard(1e6, 10**6)).test_client()
    monkeypatch.setattr(agent_node, "HttpClient", lambda policy: HttpClient(policy, session=_Collector(client)))
    return client


def _run(*args: str) -> int:
    return main(["agent", "--collector", "http://collector", "--interval", "0.01", "--once", *args])


def test_endorse_only_prints_an_endorsement_that_verifies(keys: tuple[Path, Path, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    node, operator, node_pub, operator_pub = keys
    assert main(["agent", "--key", str(node), "--operator-key", str(operator), "--network", "akash", "--node-id", "rack-1",
                 "--endorse-only"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert verify_endorsement(printed, "akash", "rack-1", node_pub) == operator_pub


def test_an_endorsed_agent_joins_the_real_network(keys: tuple[Path, Path, str, str], collector: FlaskClient, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    node, operator, node_pub, operator_pub = keys
    assert main(["agent", "--key", str(node), "--operator-key", str(operator), "--network", "akash", "--node-id", "rack-1",
                 "--endorse-only"]) == 0
    endorsement = tmp_path / "rack-1.endorsement.json"
    endorsement.write_text(capsys.readouterr().out)
    # the node holds only the endorsement file, never the operator's key
    assert _run("--key", str(node), "--network", "akash", "--node-id", "rack-1", "--endorsement", str(endorsement)) == 0
    assert "registered akash/rack-1 (endorsed by an allowlisted operator)" in capsys.readouterr().out
    listed = collector.get("/api/v1/nodes/akash/rack-1").get_json()["node"]
    assert (listed["network"], listed["node_id"]) == ("akash", "rack-1")


def test_without_an_endorsement_the_agent_lands_in_the_community_namespace(keys: tuple[Path, Path, str, str], collector: FlaskClient,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("--key", str(keys[0]), "--network", "akash", "--node-id", "rack-2") == 0
    assert "registered community/rack-2 (self-reported" in capsys.readouterr().out
    assert collector.get("/api/v1/nodes/akash/rack-2").status_code == 404


def test_an_endorsement_from_a_key_not_on_the_allowlist_is_refused(keys: tuple[Path, Path, str, str], collector: FlaskClient,
                                                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stranger = tmp_path / "stranger.key"
    assert _run("--key", str(keys[0]), "--network", "akash", "--node-id", "rack-3", "--operator-key", str(stranger)) == 1
    assert "the collector refused: operator_not_allowlisted (HTTP 401)" in capsys.readouterr().err


def test_bad_endorsement_files_are_usage_errors(keys: tuple[Path, Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    for text in ("not json", '{"operator_key": "ab"}', "[1, 2]"):
        bad.write_text(text)
        assert _run("--key", str(keys[0]), "--endorsement", str(bad)) == 2
    assert _run("--key", str(keys[0]), "--endorsement", str(tmp_path / "missing.json")) == 2
    assert main(["agent", "--key", str(keys[0]), "--endorse-only"]) == 2
    err = capsys.readouterr().err
    assert "must be a JSON object with operator_key and signature" in err and "--endorse-only needs --operator-key" in err
