"""Read access for pages and the API: the process's Database, and small query helpers that shape page data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl

from computescope.core.catalog.networks import REAL_NETWORKS as NETWORKS
from computescope.db import Database
from computescope.explorer.pricing import baselines

_DB: Database | None = None

HEADLINE_MEASURES = ("verified", "total", "registered", "active", "available", "leased")

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


def hyperscaler_median(model: str) -> float | None:
    """Median on-demand USD/GPU-h over every AWS, GCP and Azure price of the model (all regions, all VRAM sizes)."""
    return baselines(frame("prices_for_model", {"model": model, "vram": None})).hyperscaler_median


def network_cards(model: str = "H100") -> list[dict[str, Any]]:
    """One dict per network: name, GPU counts by measure, GPU utilization, headline model price, token."""
    networks = {row["network"]: row for row in frame("networks_list").iter_rows(named=True)}
    inventory = frame("network_inventory")
    utilization = frame("network_utilization").filter(pl.col("resource") == "gpu")
    prices = frame("model_prices", {"model": model})
    tokens = {row["symbol"]: row for row in frame("tokens_list").iter_rows(named=True)}
    cloud_median = hyperscaler_median(model)
    cards = []
    for slug, default_name in NETWORKS.items():
        meta = networks.get(slug, {})
        measures = {row["measure"]: row for row in inventory.filter(pl.col("network") == slug).iter_rows(named=True)}
        ordered = [measures[m] for m in HEADLINE_MEASURES if m in measures] + [
            r for m, r in measures.items() if m not in HEADLINE_MEASURES
        ]
        util = utilization.filter(pl.col("network") == slug)
        price = prices.filter(pl.col("provider") == slug)
        price_row = price.row(0, named=True) if price.height else None
        symbol = meta.get("token_symbol")
        cards.append(
            {
                "network": slug,
                "name": meta.get("name", default_name),
                "token_model": meta.get("token_model"),
                "layer": meta.get("layer"),
                "gpus": ordered,
                "utilization": util.row(0, named=True) if util.height else None,
                "price": price_row,
                "cloud_median": cloud_median,
                "discount": (1 - price_row["usd_per_gpu_hour"] / cloud_median) if price_row and cloud_median else None,
                "token": tokens.get(symbol) if symbol else None,
                "symbol": symbol,
            }
        )
    return cards


def now() -> datetime:
    return datetime.now(UTC)
