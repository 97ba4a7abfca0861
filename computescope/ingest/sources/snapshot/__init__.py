"""The bundled public snapshot: curated CSV files with a source URL and an as-of date on every row."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.resources import files

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.base import FetchContext, Payload, SchemaError
from computescope.ingest.sources.typed import cast_columns, require_header
from computescope.settings import SourceIdentity

SOURCE = "snapshot"
IDENTITY = SourceIdentity(SOURCE, 'Bundled public snapshot', "", 0)
DATA = files("computescope.ingest.sources.snapshot") / "data"
TS = pl.Datetime("us", "UTC")

# file -> (table, typed columns); every file also has as_of and source_url (and some a note)
FILES: dict[str, tuple[str, dict[str, pl.DataType]]] = {
    "networks.csv": ("networks", {
        "network": pl.Utf8, "name": pl.Utf8, "supply_source": pl.Utf8, "customers": pl.Utf8, "layer": pl.Utf8,
        "main_business": pl.Utf8, "token_model": pl.Utf8, "token_symbol": pl.Utf8, "website": pl.Utf8, "explorer_url": pl.Utf8}),
    "providers.csv": ("providers", {
        "provider": pl.Utf8, "name": pl.Utf8, "provider_kind": pl.Utf8, "hyperscaler": pl.Boolean, "website": pl.Utf8}),
    "tokens.csv": ("tokens", {
        "symbol": pl.Utf8, "network": pl.Utf8, "name": pl.Utf8, "chain": pl.Utf8, "token_model": pl.Utf8,
        "max_supply": pl.Float64, "decimals": pl.Int32, "emission": pl.Utf8, "burn_rule": pl.Utf8, "staking_rule": pl.Utf8}),
    "gpu_inventory.csv": ("gpu_inventory", {
        "network": pl.Utf8, "gpu_model_raw": pl.Utf8, "measure": pl.Utf8, "gpus": pl.Float64, "providers": pl.Int32, "nodes": pl.Int32}),
    "utilization.csv": ("utilization", {
        "network": pl.Utf8, "gpu_model_raw": pl.Utf8, "resource": pl.Utf8, "utilization": pl.Float64, "period": pl.Utf8}),
    "prices.csv": ("prices", {
        "provider": pl.Utf8, "provider_kind": pl.Utf8, "gpu_model_raw": pl.Utf8, "vram_gb": pl.Float64, "interface": pl.Utf8,
        "region": pl.Utf8, "price_type": pl.Utf8, "usd_per_gpu_hour": pl.Float64, "instance_type": pl.Utf8, "gpu_count": pl.Float64}),
    "revenue.csv": ("revenue", {
        "network": pl.Utf8, "period_start": pl.Date, "period": pl.Utf8, "metric": pl.Utf8, "usd": pl.Float64}),
    "token_supply.csv": ("token_supply", {
        "symbol": pl.Utf8, "network": pl.Utf8, "circulating": pl.Float64, "total": pl.Float64, "max_supply": pl.Float64,
        "staked": pl.Float64, "price_usd": pl.Float64}),
    "token_flows.csv": ("token_flows", {
        "symbol": pl.Utf8, "network": pl.Utf8, "flow": pl.Utf8, "channel": pl.Utf8, "epoch_id": pl.Utf8,
        "period_start": TS, "period_end": TS, "amount_tokens": pl.Float64, "amount_usd": pl.Float64}),
    "network_facts.csv": ("network_facts", {
        "network": pl.Utf8, "metric": pl.Utf8, "value": pl.Float64, "unit": pl.Utf8}),
}
_NO_NOTE_COLUMN = {"networks", "providers", "tokens"}
GPU_INPUTS = ("gpu_model_raw", "vram_gb", "interface")
# normalised GPU columns each table stores
GPU_COLUMNS: dict[str, tuple[str, ...]] = {
    "gpu_inventory": ("gpu_model", "gpu_model_raw", "vram_gb", "interface", "gpu_class"),
    "prices": ("gpu_model", "gpu_model_raw", "vram_gb", "interface"),
    "utilization": ("gpu_model",),
}


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for name in FILES:
        body = (DATA / name).read_bytes()
        yield Payload(name, f"package:computescope/ingest/sources/snapshot/data/{name}", body, datetime.now(UTC), None, "text/csv")


def _frame(payload: Payload) -> tuple[str, pl.DataFrame]:
    if payload.resource not in FILES:
        raise SchemaError(SOURCE, payload.resource, "not a snapshot file")
    table, types = FILES[payload.resource]
    try:
        raw = pl.read_csv(io.BytesIO(payload.body), infer_schema_length=0)
    except pl.exceptions.PolarsError as exc:
        raise SchemaError(SOURCE, payload.resource, f"not readable as CSV: {str(exc).splitlines()[0]}") from None
    require_header(SOURCE, payload.resource, raw, [*types, "as_of", "source_url"])
    frame = cast_columns(SOURCE, payload.resource, raw, {**types, "as_of": pl.Date})
    if frame["as_of"].null_count():
        raise SchemaError(SOURCE, payload.resource, "field as_of: every row needs a date")
    frame = frame.with_columns(
        pl.col("as_of").cast(TS).alias("observed_at"),
        pl.lit(SOURCE).alias("source"),
        pl.col("source_url").str.strip_chars(),
    ).drop("as_of", "note", strict=False)
    if table in GPU_COLUMNS:
        explicit_vram = "vram_gb" if "vram_gb" in frame.columns else None
        explicit_if = "interface" if "interface" in frame.columns else None
        normalised = normalize_frame(frame, "gpu_model_raw", vram_col=explicit_vram, interface_col=explicit_if)
        frame = normalised.select([c for c in frame.columns if c not in GPU_INPUTS] + list(GPU_COLUMNS[table]))
    if table == "prices":
        frame = frame.with_columns(pl.col("region").fill_null(""), pl.lit("").alias("zone"))
    if table == "token_flows":
        frame = frame.with_columns(pl.col("channel").fill_null(""), pl.col("epoch_id").fill_null(""))
    if table in _NO_NOTE_COLUMN:
        frame = frame.drop("note", strict=False)
    return table, frame


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    frames: dict[str, list[pl.DataFrame]] = {}
    for payload in payloads:
        table, frame = _frame(payload)
        frames.setdefault(table, []).append(frame)
    # dimensions first, so facts load after the things they refer to
    order = ["networks", "providers", "tokens"]
    ordered = sorted(frames, key=lambda t: order.index(t) if t in order else len(order))
    return {t: pl.concat(frames[t], how="diagonal_relaxed") for t in ordered}
