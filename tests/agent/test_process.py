"""A real `computescope agent` process against a real `computescope serve` on 127.0.0.1: registration, heartbeats, challenges."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from computescope.core.verification.signing import load_or_create_key, public_key_hex
from tests.support.server import free_port, running_server

KEYS = ("honest", "liar", "skipper")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server that admits only the three keys made here (allowlist), so a fourth is refused."""
    home = tmp_path_factory.mktemp("agents")
    allowed = ",".join(public_key_hex(load_or_create_key(home / f"{k}.key")) for k in KEYS)
    env = {"COMPUTESCOPE_REGISTRATION": "allowlist", "COMPUTESCOPE_OPERATOR_KEYS": allowed}
    with running_server(home / "serve.duckdb", home / "serve.log", env) as url:
        yield url, home


def _agent(url: str, key: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "computescope", "agent", "--collector", url, "--key", str(key), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_agents_register_heartbeat_answer_and_cheaters_are_caught(server: tuple[str, Path]) -> None:
    url, home = server
    runs = {
        "honest": _agent(url, home / "honest.key", "--count", "3", "--interval", "0.2", "--operator", "proc-test"),
        "liar": _agent(url, home / "liar.key", "--count", "1", "--interval", "0.2", "--node-id", "liar", "--claim-gpu", "H100"),
        "skipper": _agent(url, home / "skipper.key", "--count", "1", "--interval", "0.2", "--node-id", "skipper", "--cheat-skip", "0.5"),
    }
    out = {name: proc.communicate(timeout=120) for name, proc in runs.items()}
    for name, proc in runs.items():
        assert proc.returncode == 0, (name, out[name])
    assert "registered localnet/node-" in out["honest"][0] and ": pass" in out["honest"][0] and "heartbeat 3: ok" in out["honest"][0]

    honest_id = "node-" + public_key_hex(load_or_create_key(home / "honest.key"))[:12]
    nodes = {r["node_id"]: r for r in requests.get(url + "/api/v1/nodes", timeout=10).json()}
    assert set(nodes) == {honest_id, "liar", "skipper"}
    honest = nodes[honest_id]
    assert (honest["status"], honest["verified"], honest["operator"], honest["challenges_passed"]) == ("verified", True, "proc-test", 1)
    # register, commit, open and three heartbeats are six signed reports, all counted toward liveness
    assert honest["reports"] == 6 and honest["cpu_gflops"] > 0 and honest["cpu_cores"] == os.cpu_count()

    detail = requests.get(f"{url}/api/v1/nodes/localnet/{honest_id}", timeout=10).json()
    assert detail["challenges"][0]["verdict"] == "pass" and detail["challenges"][0]["latency_s"] > 0
    assert detail["attestations"][0]["device"] == "cpu" and detail["attestations"][0]["measured_compute"] > 0
    assert {e["kind"] for e in detail["events"]} >= {"bond", "reward", "reputation"}

    assert (nodes["liar"]["gpu_verdict"], nodes["liar"]["status"], nodes["liar"]["claimed_gpu"]) == ("reject", "failing", "H100")
    assert (nodes["skipper"]["challenges_failed"], nodes["skipper"]["status"]) == (1, "failing")
    skipper = requests.get(f"{url}/api/v1/nodes/localnet/skipper", timeout=10).json()
    assert skipper["challenges"][0]["reason"] == "wrong_result"
    assert any(e["kind"] == "slash" and e["reason"] == "failed_proof" for e in skipper["events"])


def test_an_agent_the_collector_refuses_exits_non_zero_with_the_reason(server: tuple[str, Path]) -> None:
    url, home = server
    proc = _agent(url, home / "stranger.key", "--once")
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "not_allowlisted (HTTP 401)" in stderr and len(stderr.strip().splitlines()) == 1
    assert (home / "stranger.key").stat().st_mode & 0o777 == 0o600


def test_an_unreachable_collector_is_one_line(tmp_path: Path) -> None:
    proc = _agent(f"http://127.0.0.1:{free_port()}", tmp_path / "k.key", "--once")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "cannot reach the collector" in stderr and len(stderr.strip().splitlines()) == 1
