"""What this machine has and how fast it is: /proc, nvidia-smi and a NumPy benchmark (what the node reports about itself)."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


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
