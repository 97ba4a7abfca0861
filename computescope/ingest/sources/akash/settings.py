"""Akash Console API constants: endpoint paths, query parameters, names, units and sanity bounds."""

from __future__ import annotations

from computescope.settings import SourceIdentity

SOURCE = "akash"
IDENTITY = SourceIdentity(SOURCE, 'Akash Console API', 'https://console-api.akash.network', 60)
NETWORK = "akash"
PROVIDER = "akash"              # the prices.provider row for bids on the network
PROVIDER_KIND = "network"

GPU_PATH = "/v1/gpu"
GPU_PRICES_PATH = "/v1/gpu-prices"
GPU_BREAKDOWN_PATH = "/v1/gpu-breakdown"
PROVIDERS_PATH = "/v1/providers"
DASHBOARD_PATH = "/v1/dashboard-data"
NETWORK_CAPACITY_PATH = "/v1/network-capacity"
USD_SPENT_PATH = "/v1/graph-data/dailyUUsdSpent"

PROVIDERS_QUERY = {"scope": "all"}

# /v1/gpu-prices `price` statistic -> prices.price_type (USD per GPU-hour, from providers' best bids)
PRICE_TYPES = {
    "min": "bid_min",
    "max": "bid_max",
    "avg": "bid_avg",
    "weightedAverage": "bid_weighted_avg",
    "med": "bid_median",
}
PRICE_CURRENCY = "USD"

MICRO = 1_000_000               # uakt, uact, uusdc and UUsd amounts are millionths of the unit
MILLICORES_PER_CPU = 1_000      # Console counts CPU in thousandths of a core

# No network has four billion GPUs; counts at or above this are a provider's -1 read as an unsigned
# 64-bit integer (18446744073709551615) or a sum that includes one.
IMPOSSIBLE_COUNT = 2**32

UNKNOWN_MODEL = "Unknown"       # Console's own label for a GPU row without vendor or model
