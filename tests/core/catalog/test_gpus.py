"""Tests for the canonical GPU-name normaliser."""

from __future__ import annotations

import polars as pl
import pytest

from computescope.core.catalog import gpus
from computescope.core.catalog.gpu_models import MODELS
from computescope.core.catalog.gpus import (
    GpuSpec,
    closest_models,
    known_models,
    normalize_frame,
    normalize_gpu,
    parse_memory_gb,
)

# (raw, keyword arguments, model, vram_gb, interface)
SPELLINGS = [
    # Akash Console API: lower-case model, separate ram and interface
    ("h100", {"vram": "80Gi", "interface": "SXM5"}, "H100", 80.0, "sxm"),
    ("h100", {"vram": "80Gi", "interface": "PCIe"}, "H100", 80.0, "pcie"),
    ("h100", {"vram": "81920Mi", "interface": "sxm"}, "H100", 80.0, "sxm"),
    ("a100", {"vram": "40Gi", "interface": "SXM4"}, "A100", 40.0, "sxm"),
    ("a100", {"vram": "80Gi", "interface": "pcie"}, "A100", 80.0, "pcie"),
    ("a100", {}, "A100", None, None),
    ("h200", {"vram": "141Gi", "interface": "SXM5"}, "H200", 141.0, "sxm"),
    ("h200nvl", {}, "H200 NVL", 141.0, "pcie"),
    ("rtx4090", {"vram": "24Gi", "interface": "PCIe"}, "RTX 4090", 24.0, "pcie"),
    ("rtx3090", {"vram": "24Gi"}, "RTX 3090", 24.0, "pcie"),
    ("rtx3090ti", {}, "RTX 3090 Ti", 24.0, "pcie"),
    ("rtxa6000", {"vram": "48Gi"}, "RTX A6000", 48.0, "pcie"),
    ("a6000", {}, "RTX A6000", 48.0, "pcie"),
    ("a5000", {}, "RTX A5000", 24.0, "pcie"),
    ("l40s", {"vram": "48Gi"}, "L40S", 48.0, "pcie"),
    ("rtx6000ada", {}, "RTX 6000 Ada", 48.0, "pcie"),
    ("rtx4000sada", {}, "RTX 4000 SFF Ada", 20.0, "pcie"),
    ("rtx2000eada", {}, "RTX 2000 Ada", 16.0, "pcie"),
    ("rtx6000", {}, "Quadro RTX 6000", 24.0, "pcie"),
    ("rtx4080s", {}, "RTX 4080 SUPER", 16.0, "pcie"),
    ("rtx3060m", {}, "RTX 3060 Laptop GPU", 6.0, "pcie"),
    ("gtx1650s", {}, "GTX 1650 SUPER", 4.0, "pcie"),
    ("pro6000se", {}, "RTX PRO 6000 Blackwell Server Edition", 96.0, "pcie"),
    ("pro6000mq", {}, "RTX PRO 6000 Blackwell Max-Q", 96.0, "pcie"),
    ("v100", {"vram": "32Gi", "interface": "SXM3"}, "V100", 32.0, "sxm"),
    ("a800", {"vram": "80Gi", "interface": "SXM4"}, "A800", 80.0, "sxm"),
    ("mi100", {}, "MI100", 32.0, "pcie"),
    ("a16", {}, "A16", 16.0, "pcie"),
    ("k80", {}, "K80", 12.0, "pcie"),
    ("3090ti", {}, "RTX 3090 Ti", 24.0, "pcie"),
    ("1080ti", {}, "GTX 1080 Ti", 11.0, "pcie"),
    # SkyPilot catalogue AcceleratorName
    ("A100", {}, "A100", None, None),
    ("A100-80GB", {}, "A100", 80.0, None),
    ("A100-80GB-SXM", {}, "A100", 80.0, "sxm"),
    ("H100", {}, "H100", 80.0, None),
    ("H100-SXM", {}, "H100", 80.0, "sxm"),
    ("H100-MEGA", {}, "H100", 80.0, "sxm"),
    ("H200", {}, "H200", 141.0, "sxm"),
    ("B200", {}, "B200", 180.0, "sxm"),
    ("L4", {}, "L4", 24.0, "pcie"),
    ("L40S", {}, "L40S", 48.0, "pcie"),
    ("L40", {}, "L40", 48.0, "pcie"),
    ("A10G", {}, "A10G", 24.0, "pcie"),
    ("A10", {}, "A10", 24.0, "pcie"),
    ("T4", {}, "T4", 16.0, "pcie"),
    ("T4g", {}, "T4", 16.0, "pcie"),
    ("V100", {}, "V100", None, None),
    ("V100-32GB", {}, "V100", 32.0, None),
    ("RTX4090", {}, "RTX 4090", 24.0, "pcie"),
    ("RTX3090", {}, "RTX 3090", 24.0, "pcie"),
    ("RTX6000-Ada", {}, "RTX 6000 Ada", 48.0, "pcie"),
    ("RTX4000-Ada-SFF", {}, "RTX 4000 SFF Ada", 20.0, "pcie"),
    ("RTXA6000", {}, "RTX A6000", 48.0, "pcie"),
    ("A40", {}, "A40", 48.0, "pcie"),
    ("K80", {}, "K80", 12.0, "pcie"),
    ("P100", {}, "P100", None, None),
    ("MI300X", {}, "MI300X", 192.0, None),
    ("GH200", {}, "GH200", None, None),
    ("V100-16GB-FHHL", {}, "V100", 16.0, "pcie"),
    # io.net / nvidia-smi hardware names
    ("NVIDIA A100-SXM4-80GB", {}, "A100", 80.0, "sxm"),
    ("NVIDIA A100-PCIE-40GB", {}, "A100", 40.0, "pcie"),
    ("NVIDIA A100 80GB PCIe", {}, "A100", 80.0, "pcie"),
    ("NVIDIA H100 80GB HBM3", {}, "H100", 80.0, "sxm"),
    ("NVIDIA H100 PCIe", {}, "H100", 80.0, "pcie"),
    ("NVIDIA H100 NVL", {}, "H100 NVL", 94.0, "pcie"),
    ("NVIDIA H800 80GB HBM3", {}, "H800", 80.0, "sxm"),
    ("NVIDIA GH200 480GB", {}, "GH200", 96.0, None),
    ("NVIDIA GeForce RTX 4090", {}, "RTX 4090", 24.0, "pcie"),
    ("NVIDIA GeForce RTX 4090 D", {}, "RTX 4090 D", 24.0, "pcie"),
    ("NVIDIA GeForce RTX 3090 Ti", {}, "RTX 3090 Ti", 24.0, "pcie"),
    ("NVIDIA GeForce RTX 3060 Laptop GPU", {}, "RTX 3060 Laptop GPU", 6.0, "pcie"),
    ("NVIDIA RTX A6000", {}, "RTX A6000", 48.0, "pcie"),
    ("NVIDIA RTX 6000 Ada Generation", {}, "RTX 6000 Ada", 48.0, "pcie"),
    ("NVIDIA RTX 4000 SFF Ada Generation", {}, "RTX 4000 SFF Ada", 20.0, "pcie"),
    ("NVIDIA RTX PRO 6000 Blackwell Workstation Edition", {}, "RTX PRO 6000 Blackwell", 96.0, "pcie"),
    ("NVIDIA L40S", {}, "L40S", 48.0, "pcie"),
    ("Quadro RTX 8000", {}, "Quadro RTX 8000", 48.0, "pcie"),
    ("Tesla T4", {}, "T4", 16.0, "pcie"),
    ("Tesla V100-SXM2-16GB", {}, "V100", 16.0, "sxm"),
    ("Tesla V100-PCIE-32GB", {}, "V100", 32.0, "pcie"),
    ("Apple M4 Max", {}, "M4 Max", None, None),
    ("Apple M2 Ultra", {}, "M2 Ultra", None, None),
    ("AMD Instinct MI300X", {}, "MI300X", 192.0, None),
    ("AMD Instinct MI250X", {}, "MI250X", 128.0, None),
    ("AMD Radeon PRO W7900", {}, "Radeon PRO W7900", 48.0, "pcie"),
    # free text
    ("8x H100 SXM 80GB", {}, "H100", 80.0, "sxm"),
    ("H100 80GB SXM5", {}, "H100", 80.0, "sxm"),
    ("A100 40GB PCIe", {}, "A100", 40.0, "pcie"),
    ("A100 80G", {}, "A100", 80.0, None),
    ("RTX 4090 24GB", {}, "RTX 4090", 24.0, "pcie"),
    ("RTX 4090 24 GB", {}, "RTX 4090", 24.0, "pcie"),
    ("rtx 3090", {}, "RTX 3090", 24.0, "pcie"),
    ("H100-NVL", {}, "H100 NVL", 94.0, "pcie"),
    ("4090", {}, "RTX 4090", 24.0, "pcie"),
    ("4090 D", {}, "RTX 4090 D", 24.0, "pcie"),
    ("RTX 4080", {}, "RTX 4080", 16.0, "pcie"),
    ("RTX 4060 Ti 16GB", {}, "RTX 4060 Ti", 16.0, "pcie"),
    ("RTX 4060 Ti", {}, "RTX 4060 Ti", None, "pcie"),
    ("A6000 x 4", {}, "RTX A6000", 48.0, "pcie"),
    ("1 x NVIDIA A10G", {}, "A10G", 24.0, "pcie"),
    ("HGX B200", {}, "B200", 180.0, "sxm"),
    ("H800 PCIe", {}, "H800", 80.0, "pcie"),
    ("GeForce RTX 4090 Mobile", {}, "RTX 4090 Laptop GPU", 16.0, "pcie"),
    ("RTX PRO 6000", {}, "RTX PRO 6000 Blackwell", 96.0, "pcie"),
    ("M4 Max", {}, "M4 Max", None, None),
    ("Intel Data Center GPU Max 1550", {}, "Data Center GPU Max 1550", 128.0, None),
    ("  L40S  ", {}, "L40S", 48.0, "pcie"),
]


@pytest.mark.parametrize(("raw", "kwargs", "model", "vram_gb", "interface"), SPELLINGS)
def test_spellings_map_to_model_memory_and_interface(
    raw: str, kwargs: dict[str, str], model: str, vram_gb: float | None, interface: str | None
) -> None:
    spec = normalize_gpu(raw, **kwargs)
    assert (spec.model, spec.vram_gb, spec.interface) == (model, vram_gb, interface)
    assert spec.known is True
    assert spec.raw == raw


@pytest.mark.parametrize(
    ("raw", "vendor", "gpu_class"),
    [
        ("h100", "NVIDIA", "datacenter"),
        ("rtxa6000", "NVIDIA", "workstation"),
        ("rtx4090", "NVIDIA", "consumer"),
        ("AMD Instinct MI300X", "AMD", "datacenter"),
        ("Apple M4 Max", "Apple", "consumer"),
        ("Intel Arc A770", "Intel", "consumer"),
        ("Radeon RX 7900 XTX", "AMD", "consumer"),
    ],
)
def test_vendor_and_class_come_from_the_catalogue(raw: str, vendor: str, gpu_class: str) -> None:
    spec = normalize_gpu(raw)
    assert (spec.vendor, spec.gpu_class) == (vendor, gpu_class)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("RTX 4090", "RTX 4090 D"),
        ("RTX 4090", "RTX 4080"),
        ("RTX 4090", "RTX 4090 Laptop GPU"),
        ("A100", "A10"),
        ("A10", "A10G"),
        ("L40", "L40S"),
        ("RTX A6000", "RTX 6000 Ada"),
        ("RTX A6000", "RTX 6000"),
        ("H100", "H100 NVL"),
        ("H200", "H200 NVL"),
        ("RTX 3090", "RTX 3090 Ti"),
        ("RTX 4080", "RTX 4080 SUPER"),
        ("RTX 4000 Ada", "RTX 4000 SFF Ada"),
    ],
)
def test_look_alike_names_are_different_products(left: str, right: str) -> None:
    assert normalize_gpu(left).model != normalize_gpu(right).model


def test_h100_nvl_differs_from_h100_in_memory() -> None:
    assert normalize_gpu("H100 NVL").vram_gb == 94.0
    assert normalize_gpu("H100 SXM").vram_gb == 80.0
    assert normalize_gpu("H100 PCIe").vram_gb == 80.0


@pytest.mark.parametrize(
    ("raw", "kwargs", "vendor", "vram_gb", "interface"),
    [
        ("Quantum GPU 9000", {}, None, None, None),
        ("Quantum GPU 9000 48GB", {}, None, 48.0, None),
        ("Quantum GPU 9000", {"vram": "40960", "interface": "PCIe", "vendor": "nvidia"}, "NVIDIA", 40.0, "pcie"),
        ("NVIDIA A100-SXM4-80GB (MIG 1g.10gb)", {}, "NVIDIA", 80.0, "sxm"),
        ("RTX 9090", {}, "NVIDIA", None, None),
        ("Moore Threads MTT S4000", {"vendor": "Moore Threads"}, "Moore Threads", None, None),
    ],
)
def test_unknown_names_are_kept_verbatim(
    raw: str, kwargs: dict[str, str], vendor: str | None, vram_gb: float | None, interface: str | None
) -> None:
    spec = normalize_gpu(raw, **kwargs)
    assert spec == GpuSpec(
        raw=raw, vendor=vendor, model=raw, vram_gb=vram_gb, interface=interface, gpu_class=None, known=False
    )


def test_unknown_names_are_stripped_but_otherwise_verbatim() -> None:
    spec = normalize_gpu("  Quantum   GPU 9000 ")
    assert spec.model == "Quantum   GPU 9000"
    assert spec.raw == "  Quantum   GPU 9000 "
    assert spec.known is False


def test_wildcard_is_known_and_says_nothing_else() -> None:
    assert normalize_gpu("*") == GpuSpec(
        raw="*", vendor=None, model="*", vram_gb=None, interface=None, gpu_class=None, known=True
    )


def test_wildcard_keeps_explicit_vendor_memory_and_interface() -> None:
    spec = normalize_gpu("*", vendor="nvidia", vram="80Gi", interface="SXM5")
    assert (spec.model, spec.vendor, spec.vram_gb, spec.interface, spec.known) == ("*", "NVIDIA", 80.0, "sxm", True)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_names_are_refused(raw: str | None) -> None:
    with pytest.raises(ValueError, match="empty GPU name"):
        normalize_gpu(raw)


def test_explicit_memory_and_interface_win_over_the_name() -> None:
    spec = normalize_gpu("A100-80GB-SXM", vram="40Gi", interface="PCIe")
    assert (spec.vram_gb, spec.interface) == (40.0, "pcie")
    assert normalize_gpu("RTX 4090", interface="sxm").interface == "sxm"


def test_blank_explicit_values_fall_back_to_the_name() -> None:
    spec = normalize_gpu("A100 80GB SXM4", vram="", interface="")
    assert (spec.vram_gb, spec.interface) == (80.0, "sxm")


@pytest.mark.parametrize(
    ("raw", "vram", "expected"),
    [
        ("H100 SXM", "81559MiB", 80.0),
        ("L40S", "46068", 48.0),
        ("T4", "15360Mi", 16.0),
        ("H100 NVL", "95830Mi", 94.0),
        ("RTX 4090", "24564", 24.0),
        ("RTX 3080", "10240", 10.0),
        ("RTX 3080", "12288", 12.0),
        ("RTX 4090", "48GB", 48.0),
        ("A100", "64Gi", 64.0),
    ],
)
def test_reported_memory_snaps_to_the_nearest_catalogued_size(raw: str, vram: str, expected: float) -> None:
    assert normalize_gpu(raw, vram=vram).vram_gb == expected


def test_vendor_argument_does_not_override_the_catalogue() -> None:
    assert normalize_gpu("mi60", vendor="amd").vendor == "AMD"
    assert normalize_gpu("a100", vendor="nvidia").vendor == "NVIDIA"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80Gi", 80.0),
        ("80GB", 80.0),
        ("80G", 80.0),
        ("81920Mi", 80.0),
        ("81920 MiB", 80.0),
        ("24 GB", 24.0),
        ("48GiB", 48.0),
        ("40960", 40.0),
        ("80", 80.0),
        ("95830Mi", 93.58),
        ("1Ti", 1024.0),
        ("85899345920B", 80.0),
        ("81,920 MiB", 80.0),
        (80, 80.0),
        (80.0, 80.0),
        (40960, 40.0),
        (512, 512.0),
        (513, 0.5),
        (None, None),
        ("", None),
        ("lots", None),
        ("80 parsecs", None),
        (0, None),
        (-8, None),
        (float("nan"), None),
    ],
)
def test_parse_memory_gb(text: str | int | float | None, expected: float | None) -> None:
    assert parse_memory_gb(text) == expected


REQUIRED_MODELS = [
    "B200", "GH200", "H200", "H100", "H100 NVL", "H800", "A100", "A800", "A40", "A30", "A10", "A10G", "A16",
    "A2", "L40S", "L40", "L4", "T4", "V100", "P100", "P40", "K80", "RTX 6000 Ada", "RTX A6000", "RTX A5000",
    "RTX A4000", "RTX 5090", "RTX 4090", "RTX 4080", "RTX 4070 Ti", "RTX 4070", "RTX 4060 Ti", "RTX 3090 Ti",
    "RTX 3090", "RTX 3080 Ti", "RTX 3080", "RTX 3070", "RTX 3060", "GTX 1080 Ti", "MI300X", "MI250X",
    "M4 Max", "M2 Ultra",
]


def test_known_models_are_sorted_unique_and_cover_the_required_set() -> None:
    names = known_models()
    assert names == sorted(set(names))
    assert len(names) == len(MODELS)
    assert set(REQUIRED_MODELS) <= set(names)


@pytest.mark.parametrize("name", known_models())
def test_every_canonical_name_maps_to_itself(name: str) -> None:
    spec = normalize_gpu(name)
    assert (spec.model, spec.known) == (name, True)


@pytest.mark.parametrize(
    "name",
    [
        "gt1030", "mx150", "gtx960", "gtx970", "gtx980", "gtx980ti", "gtx1050", "gtx1050ti", "gtx1060",
        "gtx1650ti", "gtx1650s", "gtx1660", "gtx1660ti", "gtx1070", "gtx1070ti", "gtx1080", "gtx1080ti",
        "rtx2060", "rtx2060s", "rtx2070", "rtx2070s", "rtx2080", "rtx2080s", "rtx2080ti", "rtx3060", "rtx3060m",
        "rtx3060ti", "rtx3070", "rtx3080", "rtx3090", "rtx3090ti", "rtx4060", "rtx4060ti", "rtx4070",
        "rtx4070s", "rtx4070ti", "rtx4080", "rtx4080s", "rtx4090", "rtx5070", "rtx5080", "rtx5090", "rtx5090m",
        "m4000", "p2000", "p4000", "p5000", "p6000", "rtx4000", "rtx4000sada", "rtx4000ada", "rtx5000",
        "rtx6000", "rtx8000", "rtxa2000", "rtx2000eada", "rtxa6000", "pro6000we", "pro6000mq", "pro6000se",
        "p100", "p40", "p4", "t4", "v100", "a40", "a100", "a800", "h100", "h200", "h200nvl", "a5000", "mi60",
        "mi100", "3050", "3070ti", "3080ti", "4070ti", "a2000", "a4000",
    ],
)
def test_every_akash_device_name_is_known(name: str) -> None:
    assert normalize_gpu(name, vendor="nvidia").known is True


def test_closest_models_suggests_the_near_spelling_first() -> None:
    assert closest_models("RTX 4099")[0] == "RTX 4090"
    assert closest_models("H10") == ["H100", "H20", "A10"]
    assert closest_models("L40SS", n=1) == ["L40S"]
    assert len(closest_models("RTX 3099", n=2)) == 2


def test_closest_models_of_nonsense_or_nothing_is_empty() -> None:
    assert closest_models("Quantum GPU 9000") == []
    assert closest_models("") == []
    assert closest_models("H100", n=0) == []


def test_normalize_frame_adds_the_canonical_columns() -> None:
    df = pl.DataFrame(
        {
            "gpu_model_raw": ["NVIDIA H100 80GB HBM3", "rtx4090", "A100", "Quantum GPU 9000", "*"],
            "price": [2.5, 0.4, 1.2, 9.9, 1.0],
        }
    )
    out = normalize_frame(df)
    assert out.columns == ["gpu_model_raw", "price", "gpu_model", "vram_gb", "interface", "gpu_class", "gpu_known"]
    assert out.schema["vram_gb"] == pl.Float64
    assert out.schema["gpu_known"] == pl.Boolean
    assert out.to_dicts() == [
        {"gpu_model_raw": "NVIDIA H100 80GB HBM3", "price": 2.5, "gpu_model": "H100", "vram_gb": 80.0,
         "interface": "sxm", "gpu_class": "datacenter", "gpu_known": True},
        {"gpu_model_raw": "rtx4090", "price": 0.4, "gpu_model": "RTX 4090", "vram_gb": 24.0,
         "interface": "pcie", "gpu_class": "consumer", "gpu_known": True},
        {"gpu_model_raw": "A100", "price": 1.2, "gpu_model": "A100", "vram_gb": None,
         "interface": None, "gpu_class": "datacenter", "gpu_known": True},
        {"gpu_model_raw": "Quantum GPU 9000", "price": 9.9, "gpu_model": "Quantum GPU 9000", "vram_gb": None,
         "interface": None, "gpu_class": None, "gpu_known": False},
        {"gpu_model_raw": "*", "price": 1.0, "gpu_model": "*", "vram_gb": None,
         "interface": None, "gpu_class": None, "gpu_known": True},
    ]


def test_normalize_frame_explicit_columns_win_and_nulls_fall_back() -> None:
    df = pl.DataFrame(
        {
            "model": ["h100", "h100", "A100-80GB-SXM", "A100-80GB-SXM", None],
            "ram": ["80Gi", None, "40Gi", None, "24Gi"],
            "iface": ["PCIe", None, None, "pcie", "SXM5"],
        }
    )
    out = normalize_frame(df, "model", vram_col="ram", interface_col="iface")
    assert out.select("gpu_model", "vram_gb", "interface", "gpu_known").rows() == [
        ("H100", 80.0, "pcie", True),
        ("H100", 80.0, None, True),
        ("A100", 40.0, "sxm", True),
        ("A100", 80.0, "pcie", True),
        (None, 24.0, "sxm", False),
    ]


def test_normalize_frame_overwrites_existing_columns_in_place() -> None:
    df = pl.DataFrame(
        {
            "gpu_model_raw": ["A100", "H100 NVL"],
            "vram_gb": [80.0, None],
            "interface": ["SXM4", None],
            "gpu_model": ["stale", "stale"],
        }
    )
    out = normalize_frame(df, vram_col="vram_gb", interface_col="interface")
    assert out.columns == ["gpu_model_raw", "vram_gb", "interface", "gpu_model", "gpu_class", "gpu_known"]
    assert out.select("gpu_model", "vram_gb", "interface").rows() == [
        ("A100", 80.0, "sxm"),
        ("H100 NVL", 94.0, "pcie"),
    ]


def test_normalize_frame_reads_numeric_memory_columns() -> None:
    df = pl.DataFrame({"gpu_model_raw": ["A100", "A100", "L40S"], "mib": [40960, 81920, 46068]})
    out = normalize_frame(df, vram_col="mib")
    assert out["vram_gb"].to_list() == [40.0, 80.0, 48.0]


def test_normalize_frame_maps_each_distinct_input_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = gpus.normalize_gpu

    def counting(raw: str, **kwargs: object) -> GpuSpec:
        calls.append(raw)
        return original(raw, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gpus, "normalize_gpu", counting)
    df = pl.DataFrame({"gpu_model_raw": ["rtx4090", "h100", "rtx4090", "h100", "rtx4090"] * 200})
    out = normalize_frame(df)
    assert sorted(calls) == ["h100", "rtx4090"]
    assert out.height == 1000
    assert out["gpu_model"].head(3).to_list() == ["RTX 4090", "H100", "RTX 4090"]


def test_normalize_frame_of_an_empty_frame_keeps_the_schema() -> None:
    out = normalize_frame(pl.DataFrame({"gpu_model_raw": []}, schema={"gpu_model_raw": pl.String}))
    assert out.height == 0
    assert out.schema["vram_gb"] == pl.Float64
    assert out.schema["gpu_known"] == pl.Boolean
