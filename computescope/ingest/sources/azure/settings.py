"""Constants of the Azure Retail Prices source: the query, the page cap, the item rules and the GPU SKU table."""

from __future__ import annotations

from dataclasses import dataclass

from computescope.settings import SourceIdentity

SOURCE = "azure"
IDENTITY = SourceIdentity(
    SOURCE,
    'Azure Retail Prices API',
    'https://prices.azure.com/api/retail/prices',
    720,
)
DOCS_URL = "https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices"

# Linux pay-as-you-go VM meters of the N (GPU) families; contains() narrows ~130k VM meters to a few thousand.
GPU_SKU_PREFIX = "Standard_N"
FILTER = (
    "serviceName eq 'Virtual Machines' and priceType eq 'Consumption' "
    f"and contains(armSkuName, '{GPU_SKU_PREFIX}')"
)
MAX_PAGES = 200          # pages of up to 1000 items; more than this means the filter stopped working
CONSUMPTION = "Consumption"
HOURLY_UNIT = "1 Hour"
CURRENCY = "USD"
WINDOWS_SUFFIX = " Windows"  # productName of Windows meters; their price includes the licence
SPOT_SUFFIX = " Spot"
LOW_PRIORITY = "Low Priority"

# Fields every item must carry; retailPrice is read as a number, the rest as text.
ITEM_FIELDS = ("armSkuName", "armRegionName", "retailPrice", "unitOfMeasure", "productName", "skuName", "type")
OPTIONAL_FIELDS = ("currencyCode", "effectiveStartDate", "meterName")


@dataclass(frozen=True)
class GpuSku:
    """The GPUs of one VM size: the name the GPU normaliser reads, how many (a fraction = a share of one GPU), the interface."""

    gpu: str
    count: float
    interface: str | None = None


def _family(gpu: str, interface: str | None, sizes: dict[str, float]) -> dict[str, GpuSku]:
    return {sku: GpuSku(gpu, count, interface) for sku, count in sizes.items()}


# armSkuName -> GPUs, from the size pages under https://learn.microsoft.com/azure/virtual-machines/sizes/overview
# (GPU accelerated). NC A10 v4 is left out: Microsoft documents no GPU share for its sizes.
GPU_SKUS: dict[str, GpuSku] = {
    **_family("V100-16GB", "pcie", {  # NCv3
        "Standard_NC6s_v3": 1, "Standard_NC12s_v3": 2, "Standard_NC24s_v3": 4, "Standard_NC24rs_v3": 4}),
    **_family("T4", "pcie", {  # NCasT4_v3
        "Standard_NC4as_T4_v3": 1, "Standard_NC8as_T4_v3": 1, "Standard_NC16as_T4_v3": 1, "Standard_NC64as_T4_v3": 4}),
    **_family("A100-80GB", "pcie", {  # NC A100 v4
        "Standard_NC24ads_A100_v4": 1, "Standard_NC48ads_A100_v4": 2, "Standard_NC96ads_A100_v4": 4}),
    **_family("H100 NVL", "pcie", {  # NCads H100 v5 and the confidential NCCads H100 v5: PCIe H100 with 94 GB
        "Standard_NC40ads_H100_v5": 1, "Standard_NC80adis_H100_v5": 2, "Standard_NCC40ads_H100_v5": 1}),
    **_family("V100-32GB", "sxm", {"Standard_ND40rs_v2": 8}),  # NDv2
    **_family("A100-40GB", "sxm", {"Standard_ND96asr_v4": 8}),  # ND A100 v4
    **_family("A100-80GB", "sxm", {"Standard_ND96amsr_A100_v4": 8}),  # NDm A100 v4
    **_family("H100", "sxm", {"Standard_ND96isr_H100_v5": 8}),  # ND H100 v5
    **_family("H200", "sxm", {"Standard_ND96isr_H200_v5": 8}),  # ND H200 v5
    **_family("MI300X", None, {"Standard_ND96isr_MI300X_v5": 8}),  # ND MI300X v5
    **_family("GB200", None, {"Standard_ND128isr_NDR_GB200_v6": 4}),  # ND GB200 v6
    **_family("M60", "pcie", {  # NVv3
        "Standard_NV12s_v3": 1, "Standard_NV24s_v3": 2, "Standard_NV48s_v3": 4}),
    **_family("A10", "pcie", {  # NVadsA10 v5: partial GPUs from 1/6
        "Standard_NV6ads_A10_v5": 1 / 6, "Standard_NV12ads_A10_v5": 1 / 3, "Standard_NV18ads_A10_v5": 1 / 2,
        "Standard_NV36ads_A10_v5": 1, "Standard_NV36adms_A10_v5": 1, "Standard_NV72ads_A10_v5": 2}),
    **_family("Radeon Instinct MI25", "pcie", {  # NVv4: partial GPUs from 1/8
        "Standard_NV4as_v4": 1 / 8, "Standard_NV8as_v4": 1 / 4, "Standard_NV16as_v4": 1 / 2, "Standard_NV32as_v4": 1}),
    **_family("Radeon PRO V620", "pcie", {  # NGads V620: partial GPUs from 1/4
        "Standard_NG8ads_V620_v1": 1 / 4, "Standard_NG16ads_V620_v1": 1 / 2,
        "Standard_NG32ads_V620_v1": 1, "Standard_NG32adms_V620_v1": 1}),
}
