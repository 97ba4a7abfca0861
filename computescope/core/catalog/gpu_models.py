"""The curated GPU model table behind the GPU-name normaliser: vendor, class, memory sizes and interfaces."""

from __future__ import annotations

from dataclasses import dataclass

DATACENTER = "datacenter"
WORKSTATION = "workstation"
CONSUMER = "consumer"

PCIE: tuple[str, ...] = ("pcie",)
SXM: tuple[str, ...] = ("sxm",)
SXM_OR_PCIE: tuple[str, ...] = ("sxm", "pcie")
# Neither a PCIe card nor an SXM module: OAM modules, superchips, APUs and Apple's integrated GPUs.
OTHER: tuple[str, ...] = ()


@dataclass(frozen=True)
class GpuModel:
    vendor: str
    name: str
    gpu_class: str
    memory_gb: tuple[float, ...]
    interfaces: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def _nvidia(
    name: str, gpu_class: str, memory: tuple[float, ...], interfaces: tuple[str, ...] = PCIE, *aliases: str
) -> GpuModel:
    return GpuModel("NVIDIA", name, gpu_class, memory, interfaces, aliases)


def _amd(
    name: str, gpu_class: str, memory: tuple[float, ...], interfaces: tuple[str, ...] = PCIE, *aliases: str
) -> GpuModel:
    return GpuModel("AMD", name, gpu_class, memory, interfaces, aliases)


def _intel(
    name: str, gpu_class: str, memory: tuple[float, ...], interfaces: tuple[str, ...] = PCIE, *aliases: str
) -> GpuModel:
    return GpuModel("Intel", name, gpu_class, memory, interfaces, aliases)


def _apple(name: str) -> GpuModel:
    # Unified memory is configured per machine, so the chip alone says nothing about GPU memory.
    return GpuModel("Apple", name, CONSUMER, (), OTHER)


MODELS: tuple[GpuModel, ...] = (
    # NVIDIA data centre
    _nvidia("B300", DATACENTER, (288,), SXM),
    _nvidia("B200", DATACENTER, (180,), SXM),
    _nvidia("GB200", DATACENTER, (186,), OTHER),
    _nvidia("GH200", DATACENTER, (96, 144), OTHER),
    _nvidia("H200", DATACENTER, (141,), SXM),
    _nvidia("H200 NVL", DATACENTER, (141,), PCIE),
    _nvidia("H100", DATACENTER, (80,), SXM_OR_PCIE),
    _nvidia("H100 NVL", DATACENTER, (94,), PCIE),
    _nvidia("H800", DATACENTER, (80,), SXM_OR_PCIE),
    _nvidia("H20", DATACENTER, (96,), SXM),
    _nvidia("A100", DATACENTER, (40, 80), SXM_OR_PCIE),
    _nvidia("A800", DATACENTER, (40, 80), SXM_OR_PCIE),
    _nvidia("A40", DATACENTER, (48,)),
    _nvidia("A30", DATACENTER, (24,)),
    _nvidia("A10", DATACENTER, (24,)),
    _nvidia("A10G", DATACENTER, (24,)),
    # The A16 board carries four GPUs of 16 GB each, and listings count those GPUs.
    _nvidia("A16", DATACENTER, (16,)),
    _nvidia("A2", DATACENTER, (16,)),
    _nvidia("L40S", DATACENTER, (48,)),
    _nvidia("L40", DATACENTER, (48,)),
    _nvidia("L20", DATACENTER, (48,)),
    _nvidia("L4", DATACENTER, (24,)),
    # AWS's Graviton instances name the same T4 "T4g".
    _nvidia("T4", DATACENTER, (16,), PCIE, "T4g"),
    _nvidia("V100", DATACENTER, (16, 32), SXM_OR_PCIE),
    _nvidia("V100S", DATACENTER, (32,)),
    _nvidia("P100", DATACENTER, (12, 16), SXM_OR_PCIE),
    _nvidia("P40", DATACENTER, (24,)),
    _nvidia("P4", DATACENTER, (8,)),
    # K80 and M60 boards hold two GPUs; memory is per GPU, as the OS and the clouds report it.
    _nvidia("K80", DATACENTER, (12,)),
    _nvidia("M60", DATACENTER, (8,)),
    _nvidia("RTX PRO 6000 Blackwell Server Edition", DATACENTER, (96,), PCIE, "pro6000se"),
    # NVIDIA workstation
    _nvidia(
        "RTX PRO 6000 Blackwell",
        WORKSTATION,
        (96,),
        PCIE,
        "RTX PRO 6000",
        "RTX PRO 6000 Blackwell Workstation",
        "pro6000we",
    ),
    _nvidia(
        "RTX PRO 6000 Blackwell Max-Q",
        WORKSTATION,
        (96,),
        PCIE,
        "RTX PRO 6000 Blackwell Max-Q Workstation",
        "RTX PRO 6000 Max-Q",
        "pro6000mq",
    ),
    _nvidia("RTX 6000 Ada", WORKSTATION, (48,)),
    _nvidia("RTX 5000 Ada", WORKSTATION, (32,)),
    _nvidia("RTX 4500 Ada", WORKSTATION, (24,)),
    _nvidia("RTX 4000 Ada", WORKSTATION, (20,)),
    _nvidia("RTX 4000 SFF Ada", WORKSTATION, (20,), PCIE, "RTX 4000 Ada SFF", "rtx4000sada"),
    _nvidia("RTX 2000 Ada", WORKSTATION, (16,), PCIE, "RTX 2000E Ada"),
    _nvidia("RTX A6000", WORKSTATION, (48,)),
    _nvidia("RTX A5500", WORKSTATION, (24,)),
    _nvidia("RTX A5000", WORKSTATION, (24,)),
    _nvidia("RTX A4500", WORKSTATION, (20,)),
    _nvidia("RTX A4000", WORKSTATION, (16,)),
    _nvidia("RTX A2000", WORKSTATION, (6, 12)),
    _nvidia("Quadro RTX 8000", WORKSTATION, (48,)),
    _nvidia("Quadro RTX 6000", WORKSTATION, (24,)),
    _nvidia("Quadro RTX 5000", WORKSTATION, (16,)),
    _nvidia("Quadro RTX 4000", WORKSTATION, (8,)),
    _nvidia("Quadro P6000", WORKSTATION, (24,)),
    _nvidia("Quadro P5000", WORKSTATION, (16,)),
    _nvidia("Quadro P4000", WORKSTATION, (8,)),
    _nvidia("Quadro P2000", WORKSTATION, (5,)),
    _nvidia("Quadro M4000", WORKSTATION, (8,)),
    # NVIDIA consumer
    _nvidia("RTX 5090", CONSUMER, (32,)),
    _nvidia("RTX 5080", CONSUMER, (16,)),
    _nvidia("RTX 5070 Ti", CONSUMER, (16,)),
    _nvidia("RTX 5070", CONSUMER, (12,)),
    _nvidia("RTX 5060 Ti", CONSUMER, (8, 16)),
    _nvidia("RTX 5060", CONSUMER, (8,)),
    _nvidia("RTX 4090", CONSUMER, (24,)),
    _nvidia("RTX 4090 D", CONSUMER, (24,)),
    _nvidia("RTX 4080 SUPER", CONSUMER, (16,)),
    _nvidia("RTX 4080", CONSUMER, (16,)),
    _nvidia("RTX 4070 Ti SUPER", CONSUMER, (16,)),
    _nvidia("RTX 4070 Ti", CONSUMER, (12,)),
    _nvidia("RTX 4070 SUPER", CONSUMER, (12,)),
    _nvidia("RTX 4070", CONSUMER, (12,)),
    _nvidia("RTX 4060 Ti", CONSUMER, (8, 16)),
    _nvidia("RTX 4060", CONSUMER, (8,)),
    _nvidia("RTX 3090 Ti", CONSUMER, (24,)),
    _nvidia("RTX 3090", CONSUMER, (24,)),
    _nvidia("RTX 3080 Ti", CONSUMER, (12,)),
    _nvidia("RTX 3080", CONSUMER, (10, 12)),
    _nvidia("RTX 3070 Ti", CONSUMER, (8,)),
    _nvidia("RTX 3070", CONSUMER, (8,)),
    _nvidia("RTX 3060 Ti", CONSUMER, (8,)),
    _nvidia("RTX 3060", CONSUMER, (8, 12)),
    _nvidia("RTX 3050", CONSUMER, (6, 8)),
    _nvidia("RTX 2080 Ti", CONSUMER, (11,)),
    _nvidia("RTX 2080 SUPER", CONSUMER, (8,)),
    _nvidia("RTX 2080", CONSUMER, (8,)),
    _nvidia("RTX 2070 SUPER", CONSUMER, (8,)),
    _nvidia("RTX 2070", CONSUMER, (8,)),
    _nvidia("RTX 2060 SUPER", CONSUMER, (8,)),
    _nvidia("RTX 2060", CONSUMER, (6, 12)),
    _nvidia("GTX 1660 Ti", CONSUMER, (6,)),
    _nvidia("GTX 1660 SUPER", CONSUMER, (6,)),
    _nvidia("GTX 1660", CONSUMER, (6,)),
    _nvidia("GTX 1650 Ti", CONSUMER, (4,)),
    _nvidia("GTX 1650 SUPER", CONSUMER, (4,)),
    _nvidia("GTX 1650", CONSUMER, (4,)),
    _nvidia("GTX 1080 Ti", CONSUMER, (11,)),
    _nvidia("GTX 1080", CONSUMER, (8,)),
    _nvidia("GTX 1070 Ti", CONSUMER, (8,)),
    _nvidia("GTX 1070", CONSUMER, (8,)),
    _nvidia("GTX 1060", CONSUMER, (3, 5, 6)),
    _nvidia("GTX 1050 Ti", CONSUMER, (4,)),
    _nvidia("GTX 1050", CONSUMER, (2, 3)),
    _nvidia("GTX 980 Ti", CONSUMER, (6,)),
    _nvidia("GTX 980", CONSUMER, (4,)),
    _nvidia("GTX 970", CONSUMER, (4,)),
    _nvidia("GTX 960", CONSUMER, (2, 4)),
    _nvidia("GT 1030", CONSUMER, (2,)),
    _nvidia("MX150", CONSUMER, (2,)),
    _nvidia("RTX 5090 Laptop GPU", CONSUMER, (24,)),
    _nvidia("RTX 4090 Laptop GPU", CONSUMER, (16,)),
    _nvidia("RTX 3060 Laptop GPU", CONSUMER, (6,)),
    # AMD
    _amd("MI355X", DATACENTER, (288,), OTHER),
    _amd("MI325X", DATACENTER, (256,), OTHER),
    _amd("MI300X", DATACENTER, (192,), OTHER),
    _amd("MI300A", DATACENTER, (128,), OTHER),
    _amd("MI250X", DATACENTER, (128,), OTHER),
    _amd("MI250", DATACENTER, (128,), OTHER),
    _amd("MI210", DATACENTER, (64,)),
    _amd("MI100", DATACENTER, (32,)),
    _amd("MI60", DATACENTER, (32,)),
    _amd("MI50", DATACENTER, (16, 32)),
    _amd("Radeon PRO W7900", WORKSTATION, (48,), PCIE, "W7900"),
    _amd("Radeon PRO W7800", WORKSTATION, (32,), PCIE, "W7800"),
    _amd("Radeon RX 7900 XTX", CONSUMER, (24,), PCIE, "7900 XTX"),
    _amd("Radeon RX 7900 XT", CONSUMER, (20,), PCIE, "7900 XT"),
    # Intel
    _intel("Data Center GPU Max 1550", DATACENTER, (128,), OTHER, "Max 1550"),
    _intel("Data Center GPU Max 1100", DATACENTER, (48,), PCIE, "Max 1100"),
    _intel("Arc B580", CONSUMER, (12,)),
    _intel("Arc A770", CONSUMER, (8, 16)),
    # Apple
    _apple("M1"),
    _apple("M1 Pro"),
    _apple("M1 Max"),
    _apple("M1 Ultra"),
    _apple("M2"),
    _apple("M2 Pro"),
    _apple("M2 Max"),
    _apple("M2 Ultra"),
    _apple("M3"),
    _apple("M3 Pro"),
    _apple("M3 Max"),
    _apple("M3 Ultra"),
    _apple("M4"),
    _apple("M4 Pro"),
    _apple("M4 Max"),
)


@dataclass(frozen=True)
class Spelling:
    """A spelling that says more than the model: the form factor, or a figure that is not GPU memory."""

    text: str
    model: str
    interface: str | None = None
    memory_gb: float | None = None


SPELLINGS: tuple[Spelling, ...] = (
    # nvidia-smi names the SXM5 H100 "H100 80GB HBM3" and the PCIe card "H100 PCIe".
    Spelling("H100 HBM3", "H100", interface="sxm"),
    Spelling("H800 HBM3", "H800", interface="sxm"),
    # GCP's A3 Mega machines carry SXM H100s with more network bandwidth.
    Spelling("H100 MEGA", "H100", interface="sxm"),
    # The 480 GB counts the Grace CPU's LPDDR5X as well; the GPU has 96 GB of HBM3.
    Spelling("GH200 480GB", "GH200", memory_gb=96),
)
