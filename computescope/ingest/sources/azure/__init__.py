"""Azure GPU VM prices from the Azure Retail Prices API: per-GPU-hour pay-as-you-go and spot prices per region."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.base import FetchContext, Payload
from computescope.ingest.sources.azure import settings as azure
from computescope.ingest.sources.azure.client import pages, read_page
from computescope.ingest.sources.azure.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.typed import cast_columns
from computescope.ingest.sources.validate import Shape
from computescope.ingest.tables import TABLES

__all__ = ["fetch", "items", "judge", "parse"]

log = logging.getLogger(__name__)
_FIELDS = (*azure.ITEM_FIELDS, *azure.OPTIONAL_FIELDS)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    # read at call time, so a changed cap in settings takes effect without reloading this module
    yield from pages(ctx.http, ctx.url(""), {"$filter": azure.FILTER}, azure.MAX_PAGES)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def items(payload: Payload) -> pl.DataFrame:
    """One page's items as typed columns; a missing field or an unreadable price names the item."""
    shape = Shape(azure.SOURCE, payload.resource)
    entries = read_page(payload).items
    for number, entry in enumerate(entries, 1):
        missing = [field for field in azure.ITEM_FIELDS if field not in shape.obj(entry, f"Items[{number - 1}]")]
        if missing:
            shape.fail(missing[0], f"missing (item {number})")
    text = pl.DataFrame({f: [_text(e.get(f)) for e in entries] for f in _FIELDS}, schema=dict.fromkeys(_FIELDS, pl.Utf8))
    typed = cast_columns(azure.SOURCE, payload.resource, text, {**dict.fromkeys(_FIELDS, pl.Utf8), "retailPrice": pl.Float64})
    return typed.with_columns(pl.lit(payload.url).alias("source_url"))


def judge(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Each item with its GPUs from the SKU table, its price type, its per-GPU-hour price and the reason it is not kept."""
    skus = pl.LazyFrame(
        [(sku, spec.gpu, float(spec.count), spec.interface) for sku, spec in azure.GPU_SKUS.items()],
        schema={"armSkuName": pl.Utf8, "gpu": pl.Utf8, "gpu_count": pl.Float64, "interface_hint": pl.Utf8}, orient="row",
    )
    price = pl.col("retailPrice")
    reason = (
        pl.when(pl.col("type") != azure.CONSUMPTION).then(pl.lit("not_consumption"))  # DevTest, reservations
        .when(pl.col("productName").str.ends_with(azure.WINDOWS_SUFFIX)).then(pl.lit("windows"))
        .when(pl.col("skuName").str.contains(azure.LOW_PRIORITY, literal=True)).then(pl.lit("low_priority"))
        .when(pl.col("unitOfMeasure") != azure.HOURLY_UNIT).then(pl.lit("not_hourly"))
        .when(pl.col("currencyCode").is_not_null() & (pl.col("currencyCode") != azure.CURRENCY)).then(pl.lit("not_usd"))
        .when(~pl.col("armSkuName").str.starts_with(azure.GPU_SKU_PREFIX)).then(pl.lit("not_gpu_family"))
        .when(pl.col("gpu").is_null()).then(pl.lit("unknown_gpu_sku"))
        .when(price.is_null() | (price <= 0)).then(pl.lit("no_price"))
        .otherwise(pl.lit(None, pl.Utf8))
    )
    spot = pl.col("skuName").str.ends_with(azure.SPOT_SUFFIX)
    return frame.join(skus, on="armSkuName", how="left").with_columns(
        reason.alias("reason"),
        pl.when(spot).then(pl.lit("spot")).otherwise(pl.lit("on_demand")).alias("price_type"),
        (price / pl.col("gpu_count")).alias("usd_per_gpu_hour"),
        pl.col("armRegionName").fill_null("").alias("region"),
    )


def _prices(kept: pl.DataFrame, observed_at: datetime) -> pl.DataFrame:
    specs = normalize_frame(kept, "gpu", interface_col="interface_hint")
    table = specs.select(
        pl.lit(azure.SOURCE).alias("provider"),
        pl.lit("cloud").alias("provider_kind"),
        "gpu_model",
        pl.col("gpu").alias("gpu_model_raw"),
        "vram_gb",
        "interface",
        "region",
        pl.lit("").alias("zone"),
        "price_type",
        "usd_per_gpu_hour",
        pl.col("armSkuName").alias("instance_type"),
        "gpu_count",
        pl.lit(azure.SOURCE).alias("source"),
        "source_url",
        pl.lit(observed_at, pl.Datetime("us", "UTC")).alias("observed_at"),
        "effectiveStartDate",
    )
    # A meter repriced within the list appears once per effective date: the newest date, then the lowest price wins.
    newest_first = table.sort(["effectiveStartDate", "usd_per_gpu_hour"], descending=[True, False], nulls_last=True)
    return newest_first.unique(subset=list(TABLES["prices"].key), keep="first", maintain_order=True).drop("effectiveStartDate")


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    if not payloads:
        return {"prices": pl.DataFrame()}
    # one snapshot per run: every page is stamped with the time the first page was fetched
    observed_at = min(payload.fetched_at for payload in payloads)
    rows = judge(pl.concat([items(payload) for payload in payloads]).lazy()).collect()
    kept = rows.filter(pl.col("reason").is_null())
    if kept.is_empty():
        prices = pl.DataFrame()
    else:
        prices = _prices(kept, observed_at)
    reasons = Counter(rows["reason"].drop_nulls().to_list())
    reasons["duplicate"] = kept.height - prices.height
    log.info(
        "azure: %d prices from %d items on %d pages; set aside: %s", prices.height, rows.height, len(payloads),
        ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()) if n) or "none",
    )
    return {"prices": prices}
