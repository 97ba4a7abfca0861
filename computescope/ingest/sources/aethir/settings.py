"""Aethir protocol dashboard API: the daily network revenue series."""

from computescope.settings import SourceIdentity

SOURCE = "aethir"
IDENTITY = SourceIdentity(SOURCE, 'Aethir dashboard API', 'https://dashboard-api.aethir.com', 360)
NETWORK = "aethir"

REVENUE_RESOURCE = "historical-network-revenue"
REVENUE_PATH = "/protocol/demand-metrics/historical-network-revenue"

PERIOD = "day"
METRIC = "revenue"
