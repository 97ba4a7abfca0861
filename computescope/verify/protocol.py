"""Wire formats of node reports: payload checks that name the offending field, and the parsed shapes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from computescope.core.catalog.networks import ALL_NETWORKS
from computescope.core.verification.signing import ReportRejected, canonical_json

# Open registration lands here: self-reported nodes, never counted in any real network's figures.
COMMUNITY = "community"
NETWORK_SLUGS = ("localnet", *(slug for slug in ALL_NETWORKS if slug != "localnet"), COMMUNITY)
NODE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
OPERATOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")
# Printable ASCII that opens with a letter, digit or bracket: no leading = + - @ for a spreadsheet to run as a formula.
TEXT = re.compile(r"[A-Za-z0-9(\[][\x20-\x7e]{0,127}")
HEX_ID = re.compile(r"[0-9a-f]{32}")
HEX_HASH = re.compile(r"[0-9a-f]{64}")
REPORT_KINDS = ("heartbeat", "commit", "open", "probe")
MAX_GPUS = 64
MAX_OPENED = 256
MAX_N = 4096
MAX_PROOF = 64


def malformed(field: str) -> ReportRejected:
    return ReportRejected("malformed", field)


def _obj(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise malformed(field)
    return value


def _text(p: dict[str, Any], name: str, pattern: re.Pattern[str], field: str, *, required: bool = True) -> str | None:
    value = p.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise malformed(field)
    return value


def _int(p: dict[str, Any], name: str, lo: int, hi: int, field: str) -> int:
    value = p.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise malformed(field)
    return value


def _num(p: dict[str, Any], name: str, lo: float, hi: float, field: str, *, required: bool = True) -> float | None:
    value = p.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or not lo < value <= hi:
        raise malformed(field)
    return float(value)


@dataclass(frozen=True)
class GpuClaim:
    name: str
    memory_gb: float | None


@dataclass(frozen=True)
class Hardware:
    """What the node says it has (probed by the agent, or claimed)."""

    cpu_model: str | None
    cpu_cores: int
    memory_gb: float
    gpus: tuple[GpuClaim, ...]

    def as_json(self) -> str:
        body = {"cpu_model": self.cpu_model, "cpu_cores": self.cpu_cores, "memory_gb": self.memory_gb,
                "gpus": [{"name": g.name, "memory_gb": g.memory_gb} for g in self.gpus]}
        return canonical_json(body).decode()


@dataclass(frozen=True)
class Measured:
    """The agent's benchmark: CPU FP64 matmul GFLOPS and copy GB/s, and a GPU's TFLOPS and TB/s if it measured one."""

    cpu_gflops: float | None
    cpu_gbps: float | None
    gpu_tflops: float | None
    gpu_tbps: float | None


@dataclass(frozen=True)
class Registration:
    network: str
    node_id: str
    operator: str | None
    hardware: Hardware
    measured: Measured
    agent: str | None
    endorsement: Any = None  # an operator's signature admitting the node to `network`'s figures


@dataclass(frozen=True)
class Opened:
    index: int
    row: NDArray[np.int64]
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class Report:
    """One node report after its envelope was verified; fields by kind."""

    kind: str
    seq: int | None = None
    challenge_id: str | None = None
    root: bytes | None = None
    opened: tuple[Opened, ...] = ()
    hardware: Hardware | None = None
    measured: Measured | None = None


def parse_hardware(value: Any) -> Hardware:
    hw = _obj(value, "hardware")
    gpus_raw = hw.get("gpus", [])
    if not isinstance(gpus_raw, list) or len(gpus_raw) > MAX_GPUS:
        raise malformed("hardware.gpus")
    gpus = []
    for i, g in enumerate(gpus_raw):
        field = f"hardware.gpus[{i}]"
        item = _obj(g, field)
        name = _text(item, "name", TEXT, f"{field}.name")
        assert name is not None
        gpus.append(GpuClaim(name, _num(item, "memory_gb", 0, 1e4, f"{field}.memory_gb", required=False)))
    return Hardware(
        _text(hw, "cpu_model", TEXT, "hardware.cpu_model", required=False),
        _int(hw, "cpu_cores", 1, 65_536, "hardware.cpu_cores"),
        _num(hw, "memory_gb", 0, 1e6, "hardware.memory_gb") or 0.0,
        tuple(gpus),
    )


def parse_measured(value: Any) -> Measured:
    m = _obj(value if value is not None else {}, "measured")
    cpu = _obj(m.get("cpu") or {}, "measured.cpu")
    gpu = _obj(m.get("gpu") or {}, "measured.gpu")
    return Measured(
        _num(cpu, "gflops", 0, 1e7, "measured.cpu.gflops", required=False),
        _num(cpu, "gbps", 0, 1e6, "measured.cpu.gbps", required=False),
        _num(gpu, "tflops", 0, 1e5, "measured.gpu.tflops", required=False),
        _num(gpu, "tbps", 0, 1e3, "measured.gpu.tbps", required=False),
    )


def parse_registration(payload: dict[str, Any]) -> Registration:
    network = _text(payload, "network", re.compile(r"[a-z0-9-]{1,32}"), "network")
    if network not in NETWORK_SLUGS:
        raise malformed("network")
    node_id = _text(payload, "node_id", NODE_ID, "node_id")
    assert network is not None and node_id is not None
    return Registration(
        network,
        node_id,
        _text(payload, "operator", OPERATOR, "operator", required=False),
        parse_hardware(payload.get("hardware")),
        parse_measured(payload.get("measured")),
        _text(payload, "agent", TEXT, "agent", required=False),
        payload.get("endorsement"),
    )


def _opened(value: Any) -> tuple[Opened, ...]:
    if not isinstance(value, list) or not 0 < len(value) <= MAX_OPENED:
        raise malformed("rows")
    out = []
    for i, item in enumerate(value):
        field = f"rows[{i}]"
        o = _obj(item, field)
        index = _int(o, "index", 0, MAX_N - 1, f"{field}.index")
        raw_row = o.get("row")
        if not isinstance(raw_row, list) or not 0 < len(raw_row) <= MAX_N:
            raise malformed(f"{field}.row")
        row = np.asarray(raw_row)
        if row.ndim != 1 or row.dtype.kind not in "iu":
            raise malformed(f"{field}.row")
        proof = o.get("proof")
        if not isinstance(proof, list) or len(proof) > MAX_PROOF or not all(isinstance(h, str) and HEX_HASH.fullmatch(h) for h in proof):
            raise malformed(f"{field}.proof")
        out.append(Opened(index, row.astype(np.int64), tuple(bytes.fromhex(h) for h in proof)))
    return tuple(out)


def parse_report(payload: dict[str, Any]) -> Report:
    kind = payload.get("kind")
    if kind not in REPORT_KINDS:
        raise malformed("kind")
    if kind == "heartbeat":
        return Report(kind, seq=_int(payload, "seq", 0, 2**53, "seq"))
    if kind == "probe":
        return Report(kind, hardware=parse_hardware(payload.get("hardware")), measured=parse_measured(payload.get("measured")))
    challenge_id = _text(payload, "challenge_id", HEX_ID, "challenge_id")
    if kind == "commit":
        root = _text(payload, "root", HEX_HASH, "root")
        assert root is not None
        return Report(kind, challenge_id=challenge_id, root=bytes.fromhex(root))
    return Report(kind, challenge_id=challenge_id, opened=_opened(payload.get("rows")))
