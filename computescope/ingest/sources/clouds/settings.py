"""Constants of the SkyPilot catalog source: schema version per cloud, GpuInfo memory units, GCP host VMs, SKU fixes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from computescope.ingest.sources.azure.settings import GPU_SKUS as AZURE_GPU_SKUS
from computescope.ingest.sources.azure.settings import GpuSku
from computescope.settings import SourceIdentity

SOURCE = "clouds"
IDENTITY = SourceIdentity(
    SOURCE,
    'SkyPilot cloud catalog',
    'https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs',
    720,
)
CATALOG_REPO = "https://github.com/skypilot-org/skypilot-catalog"

# How GpuInfo's MemoryInfo.SizeInMiB is written: MiB per GPU, GB per GPU (despite the name), MiB for the whole
# instance, or not at all (Azure's GpuInfo is only the GPU name).
MemoryUnit = Literal["mib", "gb", "mib_total"] | None


@dataclass(frozen=True)
class Cloud:
    version: str          # schema version directory under catalogs/
    memory: MemoryUnit
    zoned: bool = False   # has an AvailabilityZone column (AWS AZ id, GCP zone, RunPod data centre)


# The newest schema version that carries each cloud's vms.csv; older versions stop being refreshed.
CLOUDS: dict[str, Cloud] = {
    "aws": Cloud("v9", "mib", zoned=True),
    "gcp": Cloud("v9", "mib", zoned=True),
    "azure": Cloud("v6", None),
    "lambda": Cloud("v9", "mib"),
    "runpod": Cloud("v8", "gb", zoned=True),
    "vast": Cloud("v9", "mib_total"),
    "fluidstack": Cloud("v9", "mib"),
    "shadeform": Cloud("v8", "gb"),
}

COLUMNS = ("InstanceType", "AcceleratorName", "AcceleratorCount", "GpuInfo", "Price", "SpotPrice", "Region")
ZONE_COLUMN = "AvailabilityZone"
HOST_COLUMNS = ("vCPUs", "MemoryGiB")  # GCP only: picking an n1 host by size

# Catalog bugs fixed by SKU: the GPU name and count we know to be right win over the catalog's. Azure's table
# corrects Standard_ND96isr_H100_v5 (catalog count 12, the VM has 8), names the PCIe H100 NVL of NC H100 v5
# (catalog "H100") and fills the GPU name the catalog leaves empty on NCC H100 v5 and NG V620.
OVERRIDES: dict[str, Mapping[str, GpuSku]] = {"azure": AZURE_GPU_SKUS}

# SkyPilot's names leave memory open only for these; its fetchers write the larger variant as A100-80GB / V100-32GB.
NAME_VRAM_GB: dict[str, float] = {"A100": 40.0, "V100": 16.0}

# GCP prices GPUs apart from their host VM; SkyPilot adds the host (sky/catalog/gcp_catalog.py, list_accelerators).
# Accelerators that fix their host family: GPU -> GPU count -> host machine types.
GCP_HOSTS: dict[str, dict[int, tuple[str, ...]]] = {
    "A100": {1: ("a2-highgpu-1g",), 2: ("a2-highgpu-2g",), 4: ("a2-highgpu-4g",), 8: ("a2-highgpu-8g",),
             16: ("a2-megagpu-16g",)},
    "A100-80GB": {1: ("a2-ultragpu-1g",), 2: ("a2-ultragpu-2g",), 4: ("a2-ultragpu-4g",), 8: ("a2-ultragpu-8g",)},
    "L4": {1: ("g2-standard-4", "g2-standard-8", "g2-standard-12", "g2-standard-16", "g2-standard-32"),
           2: ("g2-standard-24",), 4: ("g2-standard-48",), 8: ("g2-standard-96",)},
    "H100": {1: ("a3-highgpu-1g",), 2: ("a3-highgpu-2g",), 4: ("a3-highgpu-4g",), 8: ("a3-highgpu-8g",)},
    "H100-MEGA": {8: ("a3-megagpu-8g",)},
    "H200": {8: ("a3-ultragpu-8g",)},
    "B200": {8: ("a4-highgpu-8g",)},
}
# Other GPUs attach to the cheapest n1 VM with at least this many vCPUs and 4 GiB of memory per vCPU.
GCP_N1_FAMILIES = ("n1-standard", "n1-highmem", "n1-highcpu")
GCP_N1_MEMORY_PER_VCPU_GIB = 4
GCP_N1_VCPUS: dict[str, dict[int, int]] = {
    "K80": {1: 4, 2: 8, 4: 16, 8: 32, 16: 64},
    "V100": {1: 8, 2: 16, 4: 32, 8: 64},
    "T4": {1: 4, 2: 8, 4: 48},
    "P100": {1: 8, 2: 16, 4: 32, 8: 64},
    "DEFAULT": {1: 8, 2: 16, 4: 32, 8: 64, 16: 128},
}
# GCP writes 700.0 where an accelerator is not sold in a zone.
GCP_PLACEHOLDER_PRICE = 700.0
TPU_PREFIX = "tpu-"
