"""Hardware attestation: reference peaks, banded verdicts and the best-fitting model."""

from __future__ import annotations

import pytest

from computescope.core.verification.attestation import (
    CPUS,
    GPUS,
    attest,
    attest_cpu,
    resolve_cpu,
    resolve_gpu,
)

REQUIRED = {
    ("H100", "sxm"),
    ("H100", "pcie"),
    ("H200", "sxm"),
    ("A100", "sxm"),
    ("L40S", "pcie"),
    ("RTX 4090", "pcie"),
    ("RTX 3090", "pcie"),
    ("A10G", "pcie"),
    ("L4", "pcie"),
    ("T4", "pcie"),
    ("V100", "sxm"),
}


def test_reference_table_covers_the_fleet_with_sources() -> None:
    assert REQUIRED <= {(g.model, g.interface) for g in GPUS}
    assert {(g.model, g.vram_gb) for g in GPUS} >= {("A100", 80), ("A100", 40), ("H100", 80), ("H200", 141)}
    assert all(g.interface in ("sxm", "pcie") for g in GPUS)
    assert all(g.source_url.startswith("https://") and g.tflops > 0 and g.tbps > 0 for g in GPUS)
    assert len({g.name for g in GPUS}) == len(GPUS)
    assert all(c.source_url.startswith("https://") and c.peak_gflops() > 0 and c.mem_gbps > 0 for c in CPUS)
    (h100,) = [g for g in GPUS if g.model == "H100" and g.interface == "sxm"]
    assert (h100.vram_gb, h100.tflops, h100.tbps) == (80, 989.0, 3.35)


def test_claim_resolution() -> None:
    assert [g.name for g in resolve_gpu("H100 SXM")] == ["H100 SXM 80GB"]
    assert [g.name for g in resolve_gpu("nvidia h100-pcie 80GB")] == ["H100 PCIe 80GB"]
    assert {g.vram_gb for g in resolve_gpu("A100 80GB")} == {80}
    assert {g.model for g in resolve_gpu("L40S")} == {"L40S"}
    assert {g.model for g in resolve_gpu("RTX 4090")} == {"RTX 4090"}
    assert resolve_gpu("A100 24GB") == ()
    assert resolve_gpu("MI300X") == ()
    assert [c.model for c in resolve_cpu("AMD EPYC 7763 64-Core")] == ["EPYC 7763"]


def test_h100_claim_measuring_like_an_a100_is_rejected() -> None:
    r = attest("H100 SXM", 280, 1.7)
    assert r.verdict == "reject" and r.reason == "out_of_band"
    assert tuple(round(x, 3) for x in r.ratios["H100 SXM 80GB"]) == (0.283, 0.507)
    assert round(r.ratios["H100 PCIe 80GB"][0], 3) == 0.370
    assert tuple(round(x, 3) for x in r.ratios["A100 SXM 80GB"]) == (0.897, 0.834)
    assert "H100 SXM 80GB" not in r.fits and "H100 PCIe 80GB" not in r.fits
    best = next(g for g in GPUS if g.name == r.best_fit)
    assert (best.model, best.vram_gb) == ("A100", 80)


def test_h100_claim_with_h100_figures_is_accepted() -> None:
    r = attest("H100 SXM", 720, 2.9)
    assert r.accepted and r.reason is None
    assert tuple(round(x, 3) for x in r.ratios["H100 SXM 80GB"]) == (0.728, 0.866)
    assert r.best_fit == "H100 SXM 80GB"


def test_custom_bands_and_unknown_claims() -> None:
    assert attest("H100 SXM", 720, 2.9, bands=((0.8, 1.05), (0.6, 1.05))).verdict == "reject"
    unknown = attest("B200", 720, 2.9)
    assert (unknown.verdict, unknown.reason) == ("reject", "unknown_claim")
    assert unknown.best_fit == "H100 SXM 80GB"
    with pytest.raises(ValueError):
        attest("H100 SXM", 0, 2.9)


def test_nothing_fits_an_impossible_measurement() -> None:
    r = attest("RTX 4090", 5000, 20)
    assert r.verdict == "reject" and r.fits == () and r.best_fit is None


def test_cpu_only_node_attested_against_its_class() -> None:
    epyc = next(c for c in CPUS if c.model == "EPYC 7763")
    assert epyc.peak_gflops() == pytest.approx(64 * 2.45 * 16)
    assert epyc.peak_gflops("fp32") == 2 * epyc.peak_gflops()
    ok = attest_cpu("AMD EPYC 7763", 1900, 160)
    assert ok.accepted and ok.best_fit == "EPYC 7763"
    # A desktop part claiming to be a 64-core server fails on both compute and bandwidth.
    bad = attest_cpu("EPYC 7763", 950, 70)
    assert bad.verdict == "reject" and bad.best_fit == "Ryzen 9 7950X"


def test_cpu_slice_scales_the_compute_peak() -> None:
    # A 16-vCPU slice of a 96-core EPYC 9654: compare against 16 cores, bandwidth not given.
    r = attest_cpu("EPYC 9654", 500, cores=16)
    assert r.ratios["EPYC 9654"][1] is None
    assert r.ratios["EPYC 9654"][0] == pytest.approx(500 / (16 * 2.4 * 16))
    assert r.accepted
    assert not attest_cpu("EPYC 9654", 500).accepted
