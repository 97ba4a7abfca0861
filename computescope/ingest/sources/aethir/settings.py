"""Aethir protocol dashboard API: the daily network revenue series."""

SOURCE = "aethir"
NETWORK = "aethir"

REVENUE_RESOURCE = "historical-network-revenue"
REVENUE_PATH = "/protocol/demand-metrics/historical-network-revenue"

PERIOD = "day"
METRIC = "revenue"
