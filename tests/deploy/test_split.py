"""The split deployment: a node write accepted by one web server reaches the writer and is served by another web server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from computescope.core.verification.signing import canonical_json, generate_key, sign_report
from computescope.deploy.snapshot import CURRENT, snapshot_dir, spool_dir
from tests.support.server import free_port
from tests.support.verify import registration

DEADLINE_S = 90.0


@contextmanager
def process(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "computescope", *args], stdout=out, stderr=subprocess.STDOUT,
                                env={k: v for k, v in os.environ.items() if not k.startswith("COMPUTESCOPE_")} | {"PYTHONUNBUFFERED": "1"})
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def until(what: str, check: Callable[[], Any], logs: list[Path]) -> Any:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        try:
            found = check()
        except requests.RequestException:
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {DEADLINE_S:.0f} s: " + " | ".join(p.read_text()[-600:] for p in logs))


def listed(url: str, node_id: str) -> list[dict[str, Any]]:
    return [r for r in requests.get(f"{url}/api/v1/nodes?q={node_id}", timeout=10).json() if r["node_id"] == node_id]


def test_report_posted_to_one_web_server_is_served_by_the_other(tmp_path: Path) -> None:
    db = tmp_path / "split.duckdb"
    logs = [tmp_path / "worker.log", tmp_path / "web-a.log", tmp_path / "web-b.log"]
    with ExitStack() as stack:
        stack.enter_context(process(["worker", "--db", str(db), "--no-localnet", "--offline", "--publish-every", "0.2"], logs[0]))
        until("the first snapshot", lambda: (snapshot_dir(db) / CURRENT).exists(), logs)
        urls = []
        for log, workers in ((logs[1], "2"), (logs[2], "1")):
            port = free_port()
            stack.enter_context(process(["web", "--db", str(db), "--port", str(port), "--workers", workers], log))
            urls.append(f"http://127.0.0.1:{port}")
        a, b = urls
        for url in urls:
            until(f"{url} answering", lambda u=url: requests.get(u + "/api/v1/health", timeout=5).status_code == 200, logs)
        assert requests.get(b + "/api/v1/nodes?q=split-box", timeout=10).json() == []

        key = generate_key()
        posted = requests.post(a + "/api/v1/nodes/register", data=canonical_json(registration(key, "split-box", now=time.time())),
                               headers={"Content-Type": "application/json"}, timeout=10)
        assert posted.status_code == 202 and posted.json()["durable"] is True
        row = until("the registration on the other server", lambda: listed(b, "split-box"), logs)[0]
        assert row["operator"] == "ops" and row["source"] == "agent"
        assert sorted(spool_dir(db).glob("*.json")) == []  # loaded, and nothing refused

        before = requests.get(f"{b}/api/v1/nodes/{row['network']}/split-box", timeout=10).json()
        beat = sign_report(key, {"kind": "heartbeat", "seq": 1}, now=time.time())
        assert requests.post(a + "/api/v1/reports", data=canonical_json(beat), headers={"Content-Type": "application/json"},
                             timeout=10).status_code == 202
        after = until("the heartbeat on the other server", lambda: (
            lambda body: body if body["node"] != before["node"] else None)(
            requests.get(f"{b}/api/v1/nodes/{row['network']}/split-box", timeout=10).json()), logs)
        assert after["node"]["node_id"] == "split-box"
        assert not (spool_dir(db) / "rejected").exists()

        path = f"/nodes/{row['network']}/split-box"
        page = requests.post(b + "/_dash-update-component", timeout=30, json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []})
        assert page.status_code == 200 and "split-box" in page.text


@pytest.mark.parametrize("body, status", [(b"not json", 400), (b"{" * 10, 400), (b"x" * ((1 << 20) + 1), 413)])
def test_web_refuses_bad_writes_without_spooling(tmp_path: Path, body: bytes, status: int) -> None:
    from flask import Flask

    from computescope.deploy.web import spool_intake

    server = Flask(__name__)
    spool_intake(server, tmp_path / "spool")
    response = server.test_client().post("/api/v1/reports", data=body, content_type="application/json")
    assert response.status_code == status and response.is_json
    assert not (tmp_path / "spool").exists() or list((tmp_path / "spool").iterdir()) == []


def test_web_refuses_subscriptions_it_cannot_answer(tmp_path: Path) -> None:
    from flask import Flask

    from computescope.deploy.web import spool_intake

    server = Flask(__name__)
    spool_intake(server, tmp_path / "spool")
    response = server.test_client().post("/api/v1/alerts/subscriptions", data=b"{}", content_type="application/json")
    assert response.status_code == 503 and response.get_json()["reason"] == "read_snapshot"
    assert not (tmp_path / "spool").exists()
