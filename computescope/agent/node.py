"""The node agent: probe this machine, register with proof of key possession, send signed heartbeats, answer challenges."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from nacl.signing import SigningKey
from numpy.typing import NDArray

from computescope import __version__
from computescope.agent.probe import benchmark, probe_hardware
from computescope.core.verification.challenges import (
    cheat_result,
    make_challenge,
    merkle_root,
    open_rows,
    solve_challenge,
)
from computescope.core.verification.signing import (
    canonical_json,
    load_or_create_key,
    public_key_hex,
    registration_payload,
    sign_report,
)
from computescope.ingest.http import FetchError, HttpClient, HttpPolicy

AGENT = f"computescope-agent/{__version__}"


class AgentError(Exception):
    """The agent cannot go on; the message is one line."""


class Refused(AgentError):
    """The collector answered with an error status; `reason` is its reason code."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(f"{reason} (HTTP {status}): {detail}")
        self.status = status
        self.reason = reason


def solve(challenge: dict[str, Any], cheat_skip: float = 0.0, rng: np.random.Generator | None = None) -> NDArray[np.int64]:
    """C = A·B mod p for a delivered challenge; with cheat_skip > 0 that fraction of rows is garbage (a test switch)."""
    ch = make_challenge(bytes.fromhex(challenge["seed"]), int(challenge["n"]), int(challenge["prime"]))
    if cheat_skip > 0:
        return cheat_result(ch.a, ch.b, ch.prime, cheat_skip, rng or np.random.default_rng())
    return solve_challenge(ch)


def opening(c: NDArray[np.int64], rows: list[int]) -> list[dict[str, Any]]:
    """The requested rows of C with their Merkle proofs, as JSON."""
    return [{"index": o.index, "row": o.row.tolist(), "proof": [h.hex() for h in o.proof]} for o in open_rows(c, rows)]


@dataclass(frozen=True)
class AgentConfig:
    collector: str
    key_path: Path
    network: str = "localnet"
    node_id: str | None = None
    operator: str | None = None
    interval_s: float = 20.0
    count: int | None = None  # heartbeats after registration; None runs until stopped
    timeout_s: float = 15.0
    cheat_skip: float = 0.0  # test switch: skip this fraction of challenge rows
    claim_gpu: str | None = None  # test switch: claim this GPU and present the CPU benchmark as its own
    endorsement: dict[str, str] | None = None  # an allowlisted operator's signature admitting this node to a real network


class Agent:
    """One node: its key, its collector, and the loop of heartbeats and challenge answers."""

    def __init__(self, config: AgentConfig, *, key: SigningKey | None = None, client: HttpClient | None = None,
                 say: Callable[[str], None] = print) -> None:
        self.config = config
        try:
            self.key = key or load_or_create_key(config.key_path)
        except (OSError, ValueError) as exc:
            raise AgentError(f"cannot use key {config.key_path}: {exc}") from None
        self.node_id = config.node_id or f"node-{public_key_hex(self.key)[:12]}"
        self.client = client or HttpClient(HttpPolicy(connect_timeout_s=config.timeout_s, read_timeout_s=config.timeout_s,
                                                      max_bytes=1 << 20))
        self.say = say
        self.rng = np.random.default_rng()

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Sign and send one report; an error status raises Refused with the collector's reason code."""
        body = canonical_json(sign_report(self.key, payload))
        url = self.config.collector.rstrip("/") + path
        try:
            status, answer = self.client.post_json(url, body)
        except FetchError as exc:
            raise AgentError(f"cannot reach the collector at {url}: {exc.reason}") from None
        if not isinstance(answer, dict):
            answer = {}
        if status >= 400:
            raise Refused(status, str(answer.get("reason") or "error"), str(answer.get("error") or f"HTTP {status}"))
        return answer

    def claims(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The hardware this node claims and what it measured; --claim-gpu swaps in a GPU it does not have."""
        hardware, measured = probe_hardware(), benchmark()
        if self.config.claim_gpu:
            hardware["gpus"] = [{"name": self.config.claim_gpu, "memory_gb": None}]
            cpu = measured["cpu"]
            measured["gpu"] = {"tflops": cpu["gflops"] / 1000, "tbps": cpu["gbps"] / 1000}
        return hardware, measured

    def register(self) -> dict[str, Any]:
        hardware, measured = self.claims()
        payload = registration_payload(network=self.config.network, node_id=self.node_id, operator=self.config.operator,
                                       hardware=hardware, measured=measured, agent=AGENT)
        if self.config.endorsement is not None:
            payload["endorsement"] = self.config.endorsement
        answer = self.post("/api/v1/nodes/register", payload)
        verdicts = ", ".join(f"{a['device']} {a['verdict']}" for a in answer.get("attestation", []))
        node = answer.get("node") or {}
        kind = {"self-reported": " (self-reported: open registration lands in the community namespace)",
                "endorsed": " (endorsed by an allowlisted operator)"}.get(str(answer.get("kind")), "")
        self.say(f"registered {node.get('network', self.config.network)}/{self.node_id}{kind} (key {public_key_hex(self.key)[:16]}…): {verdicts}")
        return answer

    def answer(self, challenge: dict[str, Any]) -> dict[str, Any]:
        """Compute C, commit to its Merkle root, then open the rows the collector draws."""
        t = time.perf_counter()
        c = solve(challenge, self.config.cheat_skip, self.rng)
        commit = self.post("/api/v1/reports", {"kind": "commit", "challenge_id": challenge["id"], "root": merkle_root(c).hex()})
        if "open" not in commit:
            self.say(f"challenge {challenge['id'][:8]}: {commit.get('verdict')} ({commit.get('reason')})")
            return commit
        result = self.post("/api/v1/reports", {"kind": "open", "challenge_id": challenge["id"], "rows": opening(c, commit["open"])})
        reason = f" ({result['reason']})" if result.get("reason") else ""
        self.say(f"challenge {challenge['id'][:8]} n={challenge['n']}: {result.get('verdict')}{reason} in {time.perf_counter() - t:.2f} s")
        return result

    def heartbeat(self, seq: int) -> dict[str, Any]:
        answer = self.post("/api/v1/reports", {"kind": "heartbeat", "seq": seq})
        self.say(f"heartbeat {seq}: ok")
        if answer.get("challenge"):
            self.answer(answer["challenge"])
        return answer

    def run(self) -> int:
        """Register, answer the first challenge, then heartbeat every interval (count times, or until stopped)."""
        first = self.register()
        if first.get("challenge"):
            self.answer(first["challenge"])
        seq = 0
        while self.config.count is None or seq < self.config.count:
            time.sleep(self.config.interval_s)
            seq += 1
            self.heartbeat(seq)
        return 0
