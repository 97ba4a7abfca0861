"""History per operator (local network) and per provider (real networks): daily rollups over a range, and why a figure is missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl

from computescope.core.catalog.networks import REAL_NETWORKS
from computescope.explorer.components.filters import RANGES
from computescope.explorer.data import frame

EPOCH = date(1970, 1, 1)
# the per-provider figures each real network leaves out of what this explorer reads, and why (shown as "—", never 0)
PROVIDER_GAPS: dict[str, dict[str, str]] = {
    "akash": {
        "earnings": "Akash Console's provider list carries no earnings; tenants pay per lease on chain",
        "utilization": "not collected: the providers resource is read for place, GPU model and uptime only",
        "price": "Akash providers bid per deployment; Console publishes bid statistics per GPU model, not per provider",
    },
}
NO_PROVIDERS: dict[str, str] = {
    "ionet": "io.net lists its devices only to a holder of an API token; the explorer reads network totals",
    "render": "Render Network publishes no list of its node operators",
    "aethir": "Aethir publishes totals only, no list of its providers",
    "gensyn": "Gensyn's training network is on testnet and publishes no providers",
}


def since_day(range_key: str, newest: date) -> date:
    days = RANGES.get(range_key)
    return EPOCH if days is None else newest - timedelta(days=days - 1)


def provider_gaps(network: str) -> dict[str, str]:
    """Each per-provider figure the network does not publish, with the reason; every figure when it lists no providers."""
    if network in NO_PROVIDERS:
        return dict.fromkeys(("earnings", "utilization", "availability", "price"), NO_PROVIDERS[network])
    return PROVIDER_GAPS.get(network, {})


def known_network(network: str) -> bool:
    return network in REAL_NETWORKS


def newest_localnet_day() -> date:
    """The newest day the local network has simulated (a backfill may end in the past); today when it has not run."""
    row = frame("localnet_headline")
    seen = row["observed_at"][0] if row.height else None
    return (seen.astimezone(UTC) if seen else datetime.now(UTC)).date()


def operator_history(operator_id: str, range_key: str, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    """The operator's days in the range ending at the local network's newest day, newest first."""
    return frame("operator_history", {"operator_id": operator_id, "since_day": since_day(range_key, newest_localnet_day()),
                                      "limit": limit, "offset": offset})


def provider_profile(network: str, provider: str) -> dict[str, object] | None:
    rows = frame("provider_index", {"network": network, "provider": provider, "limit": 1, "offset": 0})
    return rows.row(0, named=True) if rows.height else None


def provider_history(network: str, provider: str, range_key: str, newest: date,
                     limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    """The provider's days in the range ending at its newest observed day, newest first."""
    return frame("provider_history", {"network": network, "provider": provider, "since_day": since_day(range_key, newest),
                                      "limit": limit, "offset": offset})


def providers(network: str, limit: int | None = None, offset: int = 0) -> pl.DataFrame:
    return frame("provider_index", {"network": network, "provider": None, "limit": limit, "offset": offset})
