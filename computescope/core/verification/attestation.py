"""Hardware attestation: datasheet peaks for GPUs and CPUs, and banded verdicts on measured probes."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

Band = tuple[float, float]
GPU_BANDS: tuple[Band, Band] = ((0.55, 1.05), (0.60, 1.05))
# CPU peaks use the base clock, and all-core turbo runs above it, so the compute band reaches higher.
CPU_BANDS: tuple[Band, Band] = ((0.40, 1.35), (0.50, 1.05))

_H100 = "https://www.nvidia.com/en-us/data-center/h100/"
_A100 = "https://www.nvidia.com/en-us/data-center/a100/"
_V100 = "https://www.nvidia.com/en-us/data-center/v100/"
_A10G = "https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/"


@dataclass(frozen=True)
class GpuSpec:
    """Datasheet peaks of one GPU variant: dense tensor TFLOPS (no sparsity) and memory bandwidth."""

    model: str
    interface: str  # "sxm" | "pcie"
    vram_gb: int
    tflops: float
    tbps: float
    source_url: str
    dtype: str = "bf16"  # "fp16" for parts without BF16 tensor cores (T4, V100)

    @property
    def name(self) -> str:
        return f"{self.model} {'SXM' if self.interface == 'sxm' else 'PCIe'} {self.vram_gb}GB"


@dataclass(frozen=True)
class CpuSpec:
    """Datasheet figures of one CPU class; peak FP64 GFLOPS = cores × base GHz × FLOPs per cycle."""

    model: str
    cores: int
    base_ghz: float
    fp64_flops_per_cycle: int
    mem_gbps: float
    source_url: str

    @property
    def name(self) -> str:
        return self.model

    def gflops_per_core(self, precision: str = "fp64") -> float:
        width = {"fp64": 1, "fp32": 2}[precision]
        return self.base_ghz * self.fp64_flops_per_cycle * width

    def peak_gflops(self, precision: str = "fp64", cores: int | None = None) -> float:
        return self.gflops_per_core(precision) * (cores if cores is not None else self.cores)


GPUS: tuple[GpuSpec, ...] = (
    GpuSpec("H100", "sxm", 80, 989.0, 3.35, _H100),
    GpuSpec("H100", "pcie", 80, 756.0, 2.0, _H100),
    GpuSpec("H200", "sxm", 141, 989.0, 4.8, "https://www.nvidia.com/en-us/data-center/h200/"),
    GpuSpec("A100", "sxm", 80, 312.0, 2.039, _A100),
    GpuSpec("A100", "pcie", 80, 312.0, 1.935, _A100),
    GpuSpec("A100", "sxm", 40, 312.0, 1.555, _A100),
    GpuSpec("A100", "pcie", 40, 312.0, 1.555, _A100),
    GpuSpec("L40S", "pcie", 48, 362.05, 0.864, "https://www.nvidia.com/en-us/data-center/l40s/"),
    # GeForce figures: BF16 with FP32 accumulate, the rate training kernels get.
    GpuSpec(
        "RTX 4090",
        "pcie",
        24,
        165.2,
        1.008,
        "https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf",
    ),
    GpuSpec(
        "RTX 3090",
        "pcie",
        24,
        71.0,
        0.936,
        "https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf",
    ),
    # AWS-only part without an NVIDIA datasheet; figures as compiled against the A10 datasheet.
    GpuSpec("A10G", "pcie", 24, 70.0, 0.6, _A10G),
    GpuSpec("L4", "pcie", 24, 121.0, 0.3, "https://www.nvidia.com/en-us/data-center/l4/"),
    GpuSpec("T4", "pcie", 16, 65.0, 0.32, "https://www.nvidia.com/en-us/data-center/tesla-t4/", "fp16"),
    GpuSpec("V100", "sxm", 32, 125.0, 0.9, _V100, "fp16"),
    GpuSpec("V100", "sxm", 16, 125.0, 0.9, _V100, "fp16"),
    GpuSpec("V100", "pcie", 32, 112.0, 0.9, _V100, "fp16"),
    GpuSpec("V100", "pcie", 16, 112.0, 0.9, _V100, "fp16"),
)

# FLOPs per cycle from the vector units: Zen 3/4 two 256-bit FMA pipes (16 FP64), Sapphire Rapids two 512-bit (32).
CPUS: tuple[CpuSpec, ...] = (
    CpuSpec(
        "EPYC 9654",
        96,
        2.4,
        16,
        460.8,
        "https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-8004-series/amd-epyc-9654.html",
    ),
    CpuSpec(
        "EPYC 7763",
        64,
        2.45,
        16,
        204.8,
        "https://www.amd.com/en/products/processors/server/epyc/7003-series/amd-epyc-7763.html",
    ),
    CpuSpec(
        "Xeon Platinum 8480+",
        56,
        2.0,
        32,
        307.2,
        "https://www.intel.com/content/www/us/en/products/sku/231746/"
        "intel-xeon-platinum-8480-processor-105m-cache-2-00-ghz/specifications.html",
    ),
    CpuSpec(
        "Ryzen 9 7950X",
        16,
        4.5,
        16,
        83.2,
        "https://www.amd.com/en/products/processors/desktops/ryzen/7000-series/amd-ryzen-9-7950x.html",
    ),
)


@dataclass(frozen=True)
class Attestation:
    """Verdict on a hardware claim: ratios measured/peak per candidate, which fit the bands, the best fit."""

    verdict: str  # "accept" | "reject"
    claimed: tuple[str, ...]
    ratios: dict[str, tuple[float, float | None]]
    fits: tuple[str, ...]
    best_fit: str | None
    reason: str | None = None

    @property
    def accepted(self) -> bool:
        return self.verdict == "accept"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", text.lower())


def resolve_gpu(claim: str, table: Sequence[GpuSpec] = GPUS) -> tuple[GpuSpec, ...]:
    """Table entries matching a claim such as "H100 SXM", "A100 80GB", "RTX 4090" or "h100 pcie 80gb"."""
    text = claim.lower()
    model = max((m for m in {g.model for g in table} if _norm(m) in _norm(text)), key=len, default=None)
    if model is None:
        return ()
    interface = "sxm" if re.search(r"\bsxm\d?\b", text) else "pcie" if "pcie" in text else None
    vram = re.search(r"(\d+)\s*gb?\b", text.replace(model.lower(), " "))
    return tuple(
        g
        for g in table
        if g.model == model
        and (interface is None or g.interface == interface)
        and (vram is None or g.vram_gb == int(vram.group(1)))
    )


def resolve_cpu(claim: str, table: Sequence[CpuSpec] = CPUS) -> tuple[CpuSpec, ...]:
    """CPU classes whose model name appears in the claim."""
    text = _norm(claim)
    return tuple(c for c in table if _norm(c.model) in text)


def _in_band(x: float, band: Band) -> bool:
    return band[0] <= x <= band[1]


def _distance(ratios: tuple[float, float | None], bands: tuple[Band, Band]) -> float:
    # Squared log-distance from each band's middle: symmetric in over- and under-shooting.
    return sum(
        math.log(r / ((b[0] + b[1]) / 2)) ** 2 for r, b in zip(ratios, bands, strict=True) if r is not None
    )


def _judge(
    claimed: Sequence[GpuSpec | CpuSpec],
    ratios: dict[str, tuple[float, float | None]],
    bands: tuple[Band, Band],
) -> Attestation:
    fits = tuple(
        k for k, (c, m) in ratios.items() if _in_band(c, bands[0]) and (m is None or _in_band(m, bands[1]))
    )
    best = min(fits, key=lambda k: _distance(ratios[k], bands), default=None)
    names = tuple(s.name for s in claimed)
    if not names:
        return Attestation("reject", names, ratios, fits, best, "unknown_claim")
    ok = any(n in fits for n in names)
    return Attestation("accept" if ok else "reject", names, ratios, fits, best, None if ok else "out_of_band")


def attest(
    claim: str,
    measured_tflops: float,
    measured_tbps: float,
    bands: tuple[Band, Band] = GPU_BANDS,
    *,
    table: Sequence[GpuSpec] = GPUS,
) -> Attestation:
    """Accept a GPU claim when measured/peak TFLOPS and TB/s both lie in their bands for a claimed variant."""
    if measured_tflops <= 0 or measured_tbps <= 0:
        raise ValueError("measurements must be positive")
    ratios = {g.name: (measured_tflops / g.tflops, measured_tbps / g.tbps) for g in table}
    return _judge(resolve_gpu(claim, table), ratios, bands)


def attest_cpu(
    claim: str,
    measured_gflops: float,
    measured_gbps: float | None = None,
    bands: tuple[Band, Band] = CPU_BANDS,
    *,
    cores: int | None = None,
    precision: str = "fp64",
    table: Sequence[CpuSpec] = CPUS,
) -> Attestation:
    """Attest a CPU-only node: measured GFLOPS (on `cores` cores, default all) against the claimed class."""
    if measured_gflops <= 0 or (measured_gbps is not None and measured_gbps <= 0):
        raise ValueError("measurements must be positive")
    ratios: dict[str, tuple[float, float | None]] = {
        c.name: (
            measured_gflops / c.peak_gflops(precision, min(cores, c.cores) if cores else None),
            measured_gbps / c.mem_gbps if measured_gbps is not None else None,
        )
        for c in table
    }
    return _judge(resolve_cpu(claim, table), ratios, bands)


# Proven hardware: throughput shown by answering a timed challenge, not figures the node reports about itself.
def required_gflops(gpu_claim: str | None, cpu_claim: str | None, cores: int | None) -> float | None:
    """The challenge throughput a claim must show: the lower band edge of the claimed part's datasheet peak (None if unknown)."""
    gpus = resolve_gpu(gpu_claim) if gpu_claim else ()
    if gpus:
        return min(g.tflops for g in gpus) * 1000 * GPU_BANDS[0][0]
    if gpu_claim:
        return None
    cpus = resolve_cpu(cpu_claim or "")
    if cpus:
        return min(c.peak_gflops("fp64", min(cores, c.cores) if cores else None) for c in cpus) * CPU_BANDS[0][0]
    return None


def proof_window(n: int, required: float, rtt_s: float, slack_s: float) -> float:
    """Seconds from issue by which hardware of the required GFLOPS commits to an n×n product: round trip, slack, 2n³ of work."""
    return rtt_s + slack_s + 2 * n**3 / (required * 1e9)


def proven_gflops(n: int, latency_s: float, rtt_s: float, floor_s: float = 1e-3) -> float:
    """Throughput an answer shows: 2n³ over the time from issue to commitment less the measured round trip."""
    return 2 * n**3 / max(latency_s - rtt_s, floor_s) / 1e9


def proven_class(gflops: float | None, cores: int | None = None) -> str | None:
    """The best GPU, else CPU, class whose required challenge throughput the proven GFLOPS reaches (None below all)."""
    if gflops is None:
        return None
    gpus = [g for g in GPUS if g.tflops * 1000 * GPU_BANDS[0][0] <= gflops]
    if gpus:
        # Throughput cannot tell parts of equal compute apart (H100 SXM from H200): the one with less memory bandwidth is named.
        return max(gpus, key=lambda g: (g.tflops, -g.tbps)).name
    cpus = [c for c in CPUS if c.peak_gflops("fp64", min(cores, c.cores) if cores else None) * CPU_BANDS[0][0] <= gflops]
    return max(cpus, key=lambda c: c.peak_gflops("fp64", min(cores, c.cores) if cores else None)).name if cpus else None
