"""The node agent: probe this machine, register with proof of key possession, send signed heartbeats, answer challenges."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import requests
from nacl.signing import SigningKey
from numpy.typing import NDArray

from computescope import __version__
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

AGENT = f"computescope-agent/{__version__}"


class AgentError(Exception):
    """The agent cannot go on; the message is one line."""


class Refused(AgentError):
    """The collector answered with an error status; `reason` is its reason code."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(f"{reason} (HTTP {status}): {detail}")
        self.status = status
        self.reason = reason


def cpu_model(cpuinfo: str | os.PathLike[str] = "/proc/cpuinfo") -> str | None:
    """The CPU's model name as the kernel reports it (x86 'model name', Arm 'Hardware' or 'Model'), else the platform's."""
    try:
        text = Path(cpuinfo).read_text(errors="replace")
    except OSError:
        text = ""
    for key in ("model name", "Hardware", "Model", "cpu model"):
        match = re.search(rf"^{key}\s*:\s*(.+)$", text, re.MULTILINE)
        if match and match.group(1).strip():
            return " ".join(match.group(1).split())[:128]
    return platform.processor() or None


def memory_gb(meminfo: str | os.PathLike[str] = "/proc/meminfo") -> float:
    """Total memory in GB (10^9 bytes) from MemTotal; falls back to sysconf."""
    try:
        match = re.search(r"^MemTotal:\s*(\d+)\s*kB", Path(meminfo).read_text(), re.MULTILINE)
        if match:
            return int(match.group(1)) * 1024 / 1e9
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9


def nvidia_gpus(timeout_s: float = 10.0) -> list[dict[str, Any]]:
    """GPUs listed by nvidia-smi (name, memory in GB), or none when it is absent, fails or hangs."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--query-gpu=name,memory.total", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=timeout_s, check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    gpus = []
    for line in out.splitlines():
        name, _, mem = line.partition(",")
        mib = re.search(r"(\d+)\s*MiB", mem)
        if name.strip():
            gpus.append({"name": name.strip()[:128], "memory_gb": round(int(mib.group(1)) / 1024, 1) if mib else None})
    return gpus


def probe_hardware() -> dict[str, Any]:
    """What this machine really has: CPU model and logical cores, memory, NVIDIA GPUs."""
    return {"cpu_model": cpu_model(), "cpu_cores": os.cpu_count() or 1, "memory_gb": round(memory_gb(), 2), "gpus": nvidia_gpus()}


def _best(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: thread pools and page faults are not throughput
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def matmul_gflops(n: int = 1024, repeat: int = 3) -> float:
    """FP64 matrix-multiply throughput of this CPU through NumPy's BLAS, in GFLOPS (2n³ per product)."""
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)), rng.random((n, n))
    return 2 * n**3 / _best(lambda: a @ b, repeat) / 1e9


def copy_gbps(megabytes: int = 64, repeat: int = 5) -> float:
    """Memory bandwidth of a large array copy, in GB/s (each byte read once and written once)."""
    src = np.ones(megabytes * 2**20 // 8)
    dst = np.empty_like(src)
    return 2 * src.nbytes / _best(lambda: np.copyto(dst, src), repeat) / 1e9


def benchmark() -> dict[str, Any]:
    """The agent's measurements; NumPy reaches only the CPU, so a GPU present here goes unmeasured."""
    return {"cpu": {"gflops": round(matmul_gflops(), 3), "gbps": round(copy_gbps(), 3)}}


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


class Agent:
    """One node: its key, its collector, and the loop of heartbeats and challenge answers."""

    def __init__(self, config: AgentConfig, *, key: SigningKey | None = None, session: requests.Session | None = None,
                 say: Callable[[str], None] = print) -> None:
        self.config = config
        try:
            self.key = key or load_or_create_key(config.key_path)
        except (OSError, ValueError) as exc:
            raise AgentError(f"cannot use key {config.key_path}: {exc}") from None
        self.node_id = config.node_id or f"node-{public_key_hex(self.key)[:12]}"
        self.session = session or requests.Session()
        self.say = say
        self.rng = np.random.default_rng()

    def post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Sign and send one report; an error status raises Refused with the collector's reason code."""
        body = canonical_json(sign_report(self.key, payload))
        url = self.config.collector.rstrip("/") + path
        try:
            response = self.session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=self.config.timeout_s)
        except requests.RequestException as exc:
            raise AgentError(f"cannot reach the collector at {url}: {type(exc).__name__}") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code >= 400:
            raise Refused(response.status_code, str(answer.get("reason") or "error"), str(answer.get("error") or response.reason))
        return answer if isinstance(answer, dict) else {}

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
        answer = self.post("/api/v1/nodes/register", payload)
        verdicts = ", ".join(f"{a['device']} {a['verdict']}" for a in answer.get("attestation", []))
        node = answer.get("node") or {}
        kind = " (self-reported: open registration lands in the community namespace)" if answer.get("kind") == "self-reported" else ""
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
