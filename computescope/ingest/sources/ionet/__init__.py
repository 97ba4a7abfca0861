"""io.net explorer API: registered, verified and active GPUs, and per-model counts and list prices."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.base import FetchContext, Payload, Resource, SourceSkipped
from computescope.ingest.sources.ionet import client
from computescope.ingest.sources.ionet import settings as s
from computescope.ingest.sources.ionet.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.validate import Shape, frame, parse_payloads

log = logging.getLogger(__name__)

RESOURCES = (
    Resource(s.INFO_RESOURCE, s.INFO_PATH, ("gpu_inventory",)),
    Resource(s.SNAPSHOT_RESOURCE, s.SNAPSHOT_PATH, ("gpu_inventory", "prices")),
)
LISTING_COLUMNS = {"gpu_model_raw": pl.String(), "price": pl.Float64(), **{measure: pl.Float64() for measure in s.SNAPSHOT_MEASURES}}
_VARIANT = ["gpu_model", "vram_gb", "interface", "gpu_class"]


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    token = ctx.secret(s.TOKEN_SECRET)
    if not token:
        raise SourceSkipped(s.SKIPPED)
    return client.get(ctx, resource, token)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def _sourced(source_url: str, observed_at: datetime) -> list[pl.Expr]:
    return [pl.lit(s.SOURCE).alias("source"), pl.lit(source_url).alias("source_url"), pl.lit(observed_at).alias("observed_at")]


def _info(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    data = shape.field_obj(shape.obj(shape.document(payload), ""), "data", "")
    rows = [
        {
            "network": s.NETWORK, "gpu_model_raw": "*", "measure": measure, "gpus": float(shape.count(data, field, "data")),
            "source": s.SOURCE, "source_url": payload.url, "observed_at": payload.fetched_at,
        }
        for measure, field in s.INFO_MEASURES.items()
    ]
    return {"gpu_inventory": frame("gpu_inventory", rows).pipe(normalize_frame, "gpu_model_raw").drop("gpu_known")}


def snapshot_inventory(listing: pl.DataFrame, source_url: str, observed_at: datetime) -> pl.DataFrame:
    """GPUs per model and measure; listings that map to the same model, memory and interface are added up."""
    return (
        listing.unpivot(index=["gpu_model_raw", *_VARIANT], on=list(s.SNAPSHOT_MEASURES), variable_name="measure", value_name="gpus")
        .group_by([*_VARIANT, "measure"], maintain_order=True)
        .agg(pl.col("gpus").sum(), pl.col("gpu_model_raw").unique(maintain_order=True).str.join(" | "))
        .with_columns(pl.lit(s.NETWORK).alias("network"), *_sourced(source_url, observed_at))
    )


def snapshot_prices(listing: pl.DataFrame, source_url: str, observed_at: datetime) -> pl.DataFrame:
    """One list price per io.net hardware listing, USD per GPU-hour; listings without a price give no row."""
    return listing.filter(pl.col("price") > 0).select(
        pl.lit(s.PROVIDER).alias("provider"),
        pl.lit(s.PROVIDER_KIND).alias("provider_kind"),
        "gpu_model", "gpu_model_raw", "vram_gb", "interface",
        pl.lit("").alias("region"),
        pl.lit("").alias("zone"),
        pl.lit(s.PRICE_TYPE).alias("price_type"),
        pl.col("price").alias("usd_per_gpu_hour"),
        pl.col("gpu_model_raw").alias("instance_type"),
        *_sourced(source_url, observed_at),
    )


def _snapshot(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    rows, names = [], set()
    for i, item in enumerate(shape.field_items(shape.obj(shape.document(payload), ""), "data", "")):
        path = f"data[{i}]"
        entry = shape.obj(item, path)
        name = shape.text(entry, "hardware_name", path) or ""
        if name in names:
            shape.fail(f"{path}.hardware_name", f"{name!r} is listed twice")
        names.add(name)
        price = shape.number(entry, "price", path, nullable=True)
        if price is not None and price < 0:
            shape.fail(f"{path}.price", f"expected a price of zero or more, got {price!r}")
        counts = {measure: float(shape.count(entry, field, path)) for measure, field in s.SNAPSHOT_MEASURES.items()}
        rows.append({"gpu_model_raw": name, "price": price, **counts})
    listing = pl.DataFrame(rows, schema=LISTING_COLUMNS, orient="row").pipe(normalize_frame, "gpu_model_raw")
    unknown = listing.filter(~pl.col("gpu_known"))["gpu_model_raw"].to_list()
    if unknown:
        log.warning("ionet: GPU names not in the catalogue, kept as written: %s", ", ".join(unknown))
    return {
        "gpu_inventory": snapshot_inventory(listing, payload.url, payload.fetched_at),
        "prices": snapshot_prices(listing, payload.url, payload.fetched_at),
    }


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    return parse_payloads(s.SOURCE, payloads, {s.INFO_RESOURCE: _info, s.SNAPSHOT_RESOURCE: _snapshot})
