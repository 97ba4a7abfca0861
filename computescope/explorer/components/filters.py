"""Global filters shared by the analytics pages: networks and a time range (7D · 1M · 3M · 1Y · ALL), kept in the URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dash_mantine_components as dmc

from computescope.core.catalog.networks import ALL_NETWORKS, REAL_NETWORKS
from computescope.explorer.components.controls import split_list
from computescope.explorer.fmt import network_name

RANGES: dict[str, int | None] = {"7D": 7, "1M": 30, "3M": 91, "1Y": 365, "ALL": None}
# bucket per range, so a line chart keeps a few hundred points whatever the range
BUCKETS: dict[str, str] = {"7D": "1 hour", "1M": "6 hours", "3M": "1 day", "1Y": "1 day", "ALL": "7 days"}
BUCKET_DAYS: dict[str, float] = {"7D": 1 / 24, "1M": 0.25, "3M": 1.0, "1Y": 1.0, "ALL": 7.0}


def parse_networks(text: str | None) -> list[str]:
    """The networks named in the URL; by default the real ones (the simulated local network is chosen on purpose)."""
    chosen = [n for n in split_list(text) if n in ALL_NETWORKS]
    return chosen or list(REAL_NETWORKS)


def parse_range(text: str | None, default: str = "1Y") -> str:
    return text if text in RANGES else default


def since(range_key: str, now: datetime | None = None) -> datetime:
    days = RANGES.get(range_key)
    if days is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return (now or datetime.now(UTC)) - timedelta(days=days)


def create_filters(page: str, networks: list[str], range_key: str) -> dmc.Group:
    return dmc.Group(
        [
            dmc.MultiSelect(id=f"{page}-networks", label="Networks", data=[{"value": k, "label": network_name(k)} for k in ALL_NETWORKS],
                            value=networks, w=460, clearable=True, placeholder="the five real networks"),
            dmc.SegmentedControl(id=f"{page}-range", value=range_key, data=list(RANGES), **{"aria-label": "time range"}),
        ],
        align="flex-end",
        gap="md",
    )
