"""The agent's probes read this machine for real, its benchmarks measure something, and its settings and flags are checked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from computescope.agent.probe import (
    copy_gbps,
    cpu_model,
    matmul_gflops,
    memory_gb,
    nvidia_gpus,
    probe_hardware,
)
from computescope.cli import main
from computescope.settings import SettingsError
from computescope.sources import load_settings


def test_cpu_model_and_memory_from_proc_files(tmp_path: Path) -> None:
    x86 = tmp_path / "cpuinfo"
    x86.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7763 64-Core Processor\n")
    arm = tmp_path / "cpuinfo-arm"
    arm.write_text("processor\t: 0\nBogoMIPS\t: 50.00\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n")
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24684084 kB\nMemFree:         1000 kB\n")
    assert cpu_model(x86) == "AMD EPYC 7763 64-Core Processor"
    assert cpu_model(arm) == "Raspberry Pi 4 Model B Rev 1.4"
    assert memory_gb(meminfo) == pytest.approx(24684084 * 1024 / 1e9)


def _fake_smi(folder: Path, body: str) -> None:
    exe = folder / "nvidia-smi"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_nvidia_smi_is_parsed_and_its_failures_mean_no_gpu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    _fake_smi(tmp_path, "printf 'NVIDIA H100 80GB HBM3, 81559 MiB\\nNVIDIA H100 80GB HBM3, 81559 MiB\\n'")
    assert nvidia_gpus() == [{"name": "NVIDIA H100 80GB HBM3", "memory_gb": 79.6}] * 2
    _fake_smi(tmp_path, "echo 'NVIDIA-SMI has failed' >&2; exit 9")
    assert nvidia_gpus() == []
    _fake_smi(tmp_path, "sleep 5")
    assert nvidia_gpus(timeout_s=0.3) == []


def test_this_machine_is_probed_and_measured() -> None:
    hw = probe_hardware()
    assert hw["cpu_cores"] == os.cpu_count() and hw["memory_gb"] > 0.1
    assert matmul_gflops(n=256, repeat=1) > 0.01 and copy_gbps(megabytes=8, repeat=1) > 0.01


def test_registration_settings_are_validated() -> None:
    key = "ab" * 32
    s = load_settings(environ={"COMPUTESCOPE_REGISTRATION": "allowlist", "COMPUTESCOPE_OPERATOR_KEYS": f" {key.upper()} ,"})
    assert (s.registration, s.operator_keys, s.report_window_s) == ("allowlist", frozenset({key}), 300)
    assert load_settings(environ={}).registration == "open"
    for env, words in (
        ({"COMPUTESCOPE_REGISTRATION": "closed"}, "open or allowlist"),
        ({"COMPUTESCOPE_REGISTRATION": "allowlist"}, "needs COMPUTESCOPE_OPERATOR_KEYS"),
        ({"COMPUTESCOPE_OPERATOR_KEYS": "xyz"}, "64-digit hex"),
        ({"COMPUTESCOPE_REPORT_WINDOW": "5"}, "between 10 and 3600"),
    ):
        with pytest.raises(SettingsError, match=words):
            load_settings(environ=env)


def test_agent_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = str(tmp_path / "k.key")
    assert main(["agent", "--collector", "ftp://example.org", "--key", key]) == 2
    assert main(["agent", "--collector", "http://127.0.0.1:9", "--key", key, "--cheat-skip", "2"]) == 2
    assert main(["agent", "--key", key]) == 2
    assert not (tmp_path / "k.key").exists()
    assert len(capsys.readouterr().err.strip().splitlines()) == 3
