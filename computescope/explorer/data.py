"""Read access for pages and the API: the process's Database, and small query helpers that shape page data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl

from computescope.core.catalog.networks import REAL_NETWORKS as NETWORKS
from computescope.db import Database
from computescope.explorer.tokenview import calibrated_metrics

_DB: Database | None = None

METRIC_COLUMNS = {"name": pl.Utf8, "network": pl.Utf8, "symbol": pl.Utf8, "value": pl.Float64, "value_text": pl.Utf8, "unit": pl.Utf8,
                  "grain": pl.Utf8, "kind": pl.Utf8, "source": pl.Utf8, "source_url": pl.Utf8, "observed_at": pl.Datetime("us", "UTC")}

# why a figure is missing, shown on hover instead of a zero
MISSING: dict[tuple[str, str], str] = {
    ("render", "gpus"): "Render Network publishes no GPU inventory",
    ("gensyn", "gpus"): "Gensyn publishes no GPU inventory: its training network is on testnet",
    ("render", "utilization"): "Render Network publishes no utilization figure",
    ("gensyn", "utilization"): "Gensyn publishes no utilization figure",
    ("ionet", "utilization"): "io.net publishes hired vs idle per device, not a network figure; needs an API token (see Status)",
    ("aethir", "utilization"): "Aethir publishes no utilization figure",
    ("ionet", "h100"): "io.net publishes no list price for the H100",
    ("render", "h100"): "Render Network prices work in OctaneBench-hours, not GPU-hours",
    ("aethir", "h100"): "Aethir publishes no per-GPU price",
    ("gensyn", "h100"): "Gensyn sells no GPU-hours",
}


def set_db(db: Database) -> None:
    global _DB
    _DB = db


def db() -> Database:
    if _DB is None:
        raise RuntimeError("the explorer has no database: create it with create_app(settings, db)")
    return _DB


def frame(name: str, params: Sequence[object] | dict[str, object] | None = None) -> pl.DataFrame:
    return db().frame(name, params)


def missing_reason(network: str, metric: str) -> str:
    return MISSING.get((network, metric), "no public figure in the data yet")


def records(df: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: times as ISO 8601 UTC strings, dates as YYYY-MM-DD."""
    out = df.with_columns(
        [pl.col(c).dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ") for c, t in df.schema.items() if isinstance(t, pl.Datetime) and t.time_zone]
        + [pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%SZ") for c, t in df.schema.items() if isinstance(t, pl.Datetime) and not t.time_zone]
        + [pl.col(c).dt.strftime("%Y-%m-%d") for c, t in df.schema.items() if t == pl.Date]
    )
    return out.to_dicts()


_METRICS: dict[str, tuple[tuple[Any, ...], pl.DataFrame]] = {}


def metrics(network: str | None = None, name: str | None = None) -> pl.DataFrame:
    """Every shared metric (sql/views/metrics.sql), with the token metrics that need the calibration; one row per metric × subject.
    Computed once per data version: every card, page and API answer of that version reads the same rows."""
    database = db()
    version = (id(database), str(database.path), *database.version())
    kept = _METRICS.get("all")
    if kept is None or kept[0] != version:
        kept = (version, _all_metrics())
        _METRICS["all"] = kept
    out = kept[1]
    if network is not None:
        out = out.filter(pl.col("network") == network)
    if name is not None:
        out = out.filter(pl.col("name") == name)
    return out


def _all_metrics() -> pl.DataFrame:
    base = frame("metrics_api", {"network": None, "name": None})
    units = {r["name"]: (r["unit"], r["grain"]) for r in frame("metric_definitions").iter_rows(named=True)}
    derived = [dict(r, unit=units[r["name"]][0], grain=units[r["name"]][1])
               for r in calibrated_metrics(frame("tokens_list"), frame("token_demand"), base)]
    out = pl.concat([base.select(list(METRIC_COLUMNS)), pl.DataFrame(derived, schema=METRIC_COLUMNS)]) if derived else base
    return out.sort(["name", "network", "symbol"], nulls_last=True)


def metric_index(rows: pl.DataFrame) -> dict[tuple[str, str | None], dict[str, Any]]:
    """Metrics keyed by (name, subject): the network or provider, the token symbol for token metrics, None for global ones."""
    return {(r["name"], r["symbol"] or r["network"]): r for r in rows.iter_rows(named=True)}


def hyperscaler_median(model: str) -> dict[str, Any] | None:
    """The hyperscaler median of one GPU model over all memory sizes (sql/views/latest_prices_hyperscaler_median.sql)."""
    rows = frame("hyperscaler_median", {"model": model})
    return rows.row(0, named=True) if rows.height else None


def network_cards(model: str = "H100") -> list[dict[str, Any]]:
    """One dict per real network: name, GPU counts by measure (each with its date), utilization, headline price, token — from the metrics."""
    networks = {row["network"]: row for row in frame("networks_list").iter_rows(named=True)}
    shared = metric_index(metrics())
    prices = {r["provider"]: r for r in frame("model_prices", {"model": model}).iter_rows(named=True)}
    tokens = {row["symbol"]: row for row in frame("tokens_list").iter_rows(named=True)}
    median = shared.get(("h100_hyperscaler_median_usd_per_gpu_hour", None))
    cards = []
    for slug, default_name in NETWORKS.items():
        meta = networks.get(slug, {})
        symbol = meta.get("token_symbol")
        price = shared.get(("h100_price_usd_per_gpu_hour", slug))
        price_row = dict(price, price_type=prices[slug]["price_type"], offers=prices[slug]["offers"]) if price and slug in prices else None
        cloud = median["value"] if median else None
        cards.append(
            {
                "network": slug,
                "name": meta.get("name", default_name),
                "token_model": shared.get(("token_model", symbol)),
                "layer": meta.get("layer"),
                "gpus": {m: shared[(f"gpus_{m}", slug)] for m in ("verified", "registered", "active", "total") if (f"gpus_{m}", slug) in shared},
                "utilization": shared.get(("gpu_utilization", slug)),
                "price": price_row,
                "cloud_median": cloud,
                "discount": (1 - price_row["value"] / cloud) if price_row and cloud else None,
                "token": tokens.get(symbol) if symbol else None,
                "symbol": symbol,
            }
        )
    return cards


def now() -> datetime:
    return datetime.now(UTC)
