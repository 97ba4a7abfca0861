"""Akash market figures: bid prices and availability per model (/v1/gpu-prices), chain totals and daily USD spend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from computescope.ingest.payload import Payload
from computescope.ingest.sources.akash import transform
from computescope.ingest.sources.akash.inventory import VARIANT_SCHEMA
from computescope.ingest.sources.akash.rows import Frames, count, day, join, normalized, today
from computescope.ingest.sources.akash.settings import (
    IMPOSSIBLE_COUNT,
    MICRO,
    PRICE_CURRENCY,
    PRICE_TYPES,
    PROVIDER,
    PROVIDER_KIND,
)
from computescope.ingest.sources.validate import Shape


def _stats(shape: Shape, model: Mapping[str, Any], key: str, where: str) -> tuple[dict[str, float | None], str | None]:
    """A price block's statistics and currency; an absent or null block gives no statistics."""
    if model.get(key) is None:
        return {}, None
    where = join(where, key)
    block = shape.obj(model[key], where)
    currency = shape.text(block, "currency", where)
    return {stat: shape.number(block, stat, where, nullable=True) for stat in PRICE_TYPES}, currency


def _model_prices(shape: Shape, model: Mapping[str, Any], where: str, variant: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per published statistic over the providers' best bids (USD per GPU-hour, uakt beside it)."""
    if "price" not in model:
        shape.fail(join(where, "price"), "missing")
    usd, currency = _stats(shape, model, "price", where)
    if currency is not None and currency.upper() != PRICE_CURRENCY:
        shape.fail(f"{where}.price.currency", f"expected {PRICE_CURRENCY!r}, got {currency!r}")
    native, native_unit = _stats(shape, model, "priceUakt", where)
    unit = native_unit.lower() if native_unit else None
    rows = []
    for stat, price_type in PRICE_TYPES.items():
        if usd.get(stat) is None:
            continue
        native_price = native.get(stat)
        rows.append({**variant, "price_type": price_type, "usd_per_gpu_hour": usd[stat], "native_price": native_price,
                     "native_unit": unit if native_price is not None else None})
    return rows


def gpu_prices(shape: Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    availability = shape.field_obj(root, "availability", "")
    count(shape, availability, "total", "availability")
    count(shape, availability, "available", "availability")
    prices, stock = [], []
    for i, model in enumerate(shape.field_items(root, "models", "")):
        where = f"models[{i}]"
        model = shape.obj(model, where)
        gpus = shape.field_obj(model, "availability", where)
        hosts = shape.field_obj(model, "providerAvailability", where)
        total = count(shape, gpus, "total", f"{where}.availability")
        variant = {
            "gpu_model_raw": shape.text(model, "model", where, blank=True),
            "ram": shape.text(model, "ram", where, nullable=True, blank=True),
            "interface_raw": shape.text(model, "interface", where, nullable=True, blank=True),
        }
        stock.append({**variant, "total": total, "available": count(shape, gpus, "available", f"{where}.availability"),
                      "providers": count(shape, hosts, "total", f"{where}.providerAvailability")})
        prices += _model_prices(shape, model, where, {**variant, "weight": total if total < IMPOSSIBLE_COUNT else None})
    return {"gpu_inventory": _availability(stock, payload), "prices": _prices(prices, payload)}


def _prices(rows: list[dict[str, Any]], payload: Payload) -> pl.DataFrame:
    schema = {**VARIANT_SCHEMA, "weight": pl.Float64(), "price_type": pl.String(), "usd_per_gpu_hour": pl.Float64(),
              "native_price": pl.Float64(), "native_unit": pl.String()}
    return (
        normalized(rows, schema).lazy()
        .pipe(transform.one_offer_per_variant)
        .with_columns(
            pl.lit(PROVIDER).alias("provider"), pl.lit(PROVIDER_KIND).alias("provider_kind"),
            pl.lit("").alias("region"), pl.lit("").alias("zone"),
            # Console drops bids for more than one GPU, so every statistic is a one-GPU price
            pl.lit(1.0).alias("gpu_count"),
        )
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.PRICES)
        .collect()
    )


def _availability(rows: list[dict[str, Any]], payload: Payload) -> pl.DataFrame:
    """GPUs per model variant on nodes that offer it (`total`) and on nodes with room left (`available`), and all models."""
    schema = {**VARIANT_SCHEMA, "total": pl.Float64(), "available": pl.Float64(), "providers": pl.Float64()}
    return (
        normalized(rows, schema).lazy()
        .pipe(transform.plausible, "total")
        .with_columns(pl.min_horizontal("available", "total").clip(lower_bound=0).alias("available"))
        .pipe(transform.sum_variants, ["total", "available", "providers"])
        .pipe(transform.with_all_models, ["total", "available"])
        .pipe(transform.to_measures, {"total": "total", "available": "available"})
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.GPU_INVENTORY)
        .collect()
    )


def dashboard_data(shape: Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    now = shape.field_obj(root, "now", "")
    capacity = shape.field_obj(root, "networkCapacity", "")
    block_time = shape.timestamp(now, "date", "now")
    facts = [
        # (metric, value, unit, observed_at): chain figures at the block they describe, capacity at fetch time
        ("providers_active", shape.number(capacity, "activeProviderCount", "networkCapacity"), "providers", payload.fetched_at),
        ("leases_active", shape.number(now, "activeLeaseCount", "now"), "leases", block_time),
        ("leases_total", shape.number(now, "totalLeaseCount", "now"), "leases", block_time),
        ("leases_new_24h", shape.number(now, "dailyLeaseCount", "now"), "leases", block_time),
        ("usd_spent_24h", _micro(shape.number(now, "dailyUUsdSpent", "now")), "USD", block_time),
        ("usd_spent_total", _micro(shape.number(now, "totalUUsdSpent", "now")), "USD", block_time),
    ]
    rows = [
        {"metric": metric, "value": value, "unit": unit, "observed_at": at}
        for metric, value, unit, at in facts
        if value is not None and value >= 0  # a negative total or 24 h difference is a gap in Console's index
    ]
    schema = {"metric": pl.String(), "value": pl.Float64(), "unit": pl.String(), "observed_at": transform.TS}
    frame = (
        pl.DataFrame(rows, schema=schema, orient="row").lazy()
        .pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.NETWORK_FACTS)
        .collect()
    )
    return {"network_facts": frame}


def _micro(value: float | None) -> float | None:
    return None if value is None else value / MICRO


def usd_spent(shape: Shape, body: Any, payload: Payload) -> Frames:
    root = shape.obj(body, "")
    rows = []
    for i, point in enumerate(shape.field_items(root, "snapshots", "")):
        where = f"snapshots[{i}]"
        point = shape.obj(point, where)
        rows.append({"day": day(shape, point, "date", where), "value": shape.number(point, "value", where)})
    frame = (
        pl.DataFrame(rows, schema={"day": pl.Date(), "value": pl.Float64()}, orient="row").lazy()
        .pipe(transform.daily_revenue, today(payload))
        .pipe(transform.day_observed)
        .pipe(transform.stamp, payload.url)
        .pipe(transform.conform, transform.REVENUE)
        .collect()
    )
    return {"revenue": frame}
