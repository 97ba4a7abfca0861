"""Cloud GPU prices from the SkyPilot catalog: per-GPU-hour on-demand and spot prices per region and zone."""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterator

import polars as pl

from computescope.ingest.base import FetchContext, Payload, SchemaError
from computescope.ingest.sources.clouds.client import RESOURCES, catalogs, cloud_of, fetch_resource
from computescope.ingest.sources.clouds.settings import (
    CLOUDS,
    COLUMNS,
    HOST_COLUMNS,
    SOURCE,
    ZONE_COLUMN,
)
from computescope.ingest.sources.clouds.settings import (
    IDENTITY as IDENTITY,
)
from computescope.ingest.sources.clouds.transform import judged, with_gpu_specs
from computescope.ingest.sources.typed import cast_columns
from computescope.ingest.tables import TABLES

__all__ = ["RESOURCES", "fetch", "fetch_resource", "parse", "read_catalog"]

log = logging.getLogger(__name__)
_NUMBERS = ("AcceleratorCount", "Price", "SpotPrice", *HOST_COLUMNS)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    yield from catalogs(ctx)


def _required(cloud: str) -> list[str]:
    spec = CLOUDS[cloud]
    return [*COLUMNS, *([ZONE_COLUMN] if spec.zoned else []), *(HOST_COLUMNS if cloud == "gcp" else ())]


def read_catalog(payload: Payload) -> pl.DataFrame | None:
    """The file's columns read by header name (any order, CRLF or LF) and typed; None for an empty file."""
    cloud = cloud_of(payload.resource)
    if cloud not in CLOUDS:
        raise SchemaError(SOURCE, payload.resource, f"not a catalog file of a known cloud ({', '.join(CLOUDS)})")
    if not payload.body.strip():
        return None
    try:
        raw = pl.read_csv(io.BytesIO(payload.body), infer_schema_length=0)
    except pl.exceptions.PolarsError as exc:
        raise SchemaError(SOURCE, payload.resource, f"not readable as CSV: {str(exc).splitlines()[0]}") from None
    raw = raw.rename({c: c.strip() for c in raw.columns})
    for column in _required(cloud):
        if column not in raw.columns:
            raise SchemaError(SOURCE, payload.resource, f"field {column}: missing from the header ({', '.join(raw.columns)})")
    types = {c: (pl.Float64 if c in _NUMBERS else pl.Utf8) for c in _required(cloud)}
    return cast_columns(SOURCE, payload.resource, raw.select(list(types)), types)


def _prices(payload: Payload) -> pl.DataFrame:
    cloud = cloud_of(payload.resource)
    typed = read_catalog(payload)
    if typed is None:
        log.warning("clouds %s: the catalog file is empty; no prices", cloud)
        return pl.DataFrame()
    rows = judged(typed.lazy(), cloud).collect()
    kept = with_gpu_specs(rows.filter(pl.col("reason").is_null()))
    prices = cheapest_per_key(_table_rows(kept, cloud, payload))
    reasons = Counter(rows["reason"].drop_nulls().to_list())
    reasons["duplicate"] = kept.height - prices.height
    log.info(
        "clouds %s: %d prices from %d catalog rows (%d corrected by the SKU table); candidates set aside: %s",
        cloud, prices.height, typed.height, rows.filter(pl.col("corrected") & (pl.col("price_type") == "on_demand")).height,
        ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()) if n) or "none",
    )
    return prices


def cheapest_per_key(frame: pl.DataFrame) -> pl.DataFrame:
    """One price per table key: repeated offers of the same instance in the same place keep the lowest."""
    return frame.sort("usd_per_gpu_hour").unique(subset=list(TABLES["prices"].key), keep="first", maintain_order=True)


def _table_rows(kept: pl.DataFrame, cloud: str, payload: Payload) -> pl.DataFrame:
    return kept.select(
        pl.lit(cloud).alias("provider"),
        pl.lit("cloud").alias("provider_kind"),
        "gpu_model",
        pl.col("accelerator").alias("gpu_model_raw"),
        "vram_gb",
        "interface",
        "region",
        "zone",
        "price_type",
        "usd_per_gpu_hour",
        "instance_type",
        "gpu_count",
        pl.lit(SOURCE).alias("source"),
        pl.lit(payload.url).alias("source_url"),
        pl.lit(payload.fetched_at, pl.Datetime("us", "UTC")).alias("observed_at"),
    )


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    frames = [_prices(payload) for payload in payloads]
    return {"prices": pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()}
