"""Claimed against measured hardware: attestation rows for a node's GPU and CPU, from the core's banded verdicts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from computescope.core.verification.attestation import Attestation, attest, attest_cpu, resolve_cpu
from computescope.verify.protocol import Hardware, Measured


def _ratios(att: Attestation) -> tuple[float | None, float | None]:
    # The claimed variant closest to fitting; for an unknown claim there is no ratio to show.
    names = [n for n in att.claimed if n in att.ratios]
    if not names:
        return None, None
    pick = next((n for n in names if n in att.fits), names[0])
    compute, bandwidth = att.ratios[pick]
    return compute, bandwidth


def _row(device: str, claimed: str | None, compute: float | None, bandwidth: float | None, att: Attestation | None,
         verdict: str | None = None, reason: str | None = None) -> dict[str, Any]:
    c_ratio, b_ratio = _ratios(att) if att else (None, None)
    if att is not None and verdict is None:
        # The core rejects a claim it cannot look up; here that is "unrated", not a lie.
        verdict, reason = ("unrated", "no datasheet entry") if att.reason == "unknown_claim" else (att.verdict, att.reason)
    return {
        "device": device, "claimed": claimed, "measured_compute": compute, "measured_bandwidth": bandwidth,
        "compute_ratio": c_ratio, "bandwidth_ratio": b_ratio, "best_fit": att.best_fit if att else None,
        "verdict": verdict, "reason": reason,
    }


def gpu_claim(hardware: Hardware) -> tuple[str | None, int]:
    """The GPU model most of the node's GPUs carry, and how many GPUs it claims."""
    if not hardware.gpus:
        return None, 0
    name = Counter(g.name for g in hardware.gpus).most_common(1)[0][0]
    return name, len(hardware.gpus)


def attest_node(hardware: Hardware, measured: Measured) -> list[dict[str, Any]]:
    """One row per device the node claims (CPU always, GPU when it claims one): claimed, measured, ratios, verdict."""
    rows = []
    gpu, _count = gpu_claim(hardware)
    if gpu is not None:
        if measured.gpu_tflops is None or measured.gpu_tbps is None:
            rows.append(_row("gpu", gpu, None, None, None, "unmeasured", "the agent measured no GPU"))
        else:
            att = attest(gpu, measured.gpu_tflops, measured.gpu_tbps)
            rows.append(_row("gpu", gpu, measured.gpu_tflops, measured.gpu_tbps, att))
    cpu = hardware.cpu_model
    if measured.cpu_gflops is None:
        rows.append(_row("cpu", cpu, None, measured.cpu_gbps, None, "unmeasured", "the agent measured no CPU throughput"))
        return rows
    specs = resolve_cpu(cpu or "")
    # Bandwidth is a whole-socket figure: a node holding fewer cores than the part has cannot reach it.
    whole = bool(specs) and all(hardware.cpu_cores >= s.cores for s in specs)
    gbps = measured.cpu_gbps if whole else None
    att = attest_cpu(cpu or "", measured.cpu_gflops, gbps, cores=hardware.cpu_cores)
    rows.append(_row("cpu", cpu, measured.cpu_gflops, measured.cpu_gbps, att))
    return rows

