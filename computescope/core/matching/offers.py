"""The offers frame: one row per GPU offer, with a fixed schema, defaults and validation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

OFFER_SCHEMA: dict[str, pl.DataType] = {
    "offer_id": pl.String(),
    "provider": pl.String(),
    "provider_kind": pl.String(),
    "source": pl.String(),
    "observed_at": pl.Datetime("us", "UTC"),
    "gpu_model": pl.String(),
    "vram_gb": pl.Float64(),
    "interface": pl.String(),
    "region": pl.String(),
    "usd_per_gpu_hour": pl.Float64(),
    "node_free": pl.List(pl.Int64()),
    "gpus_per_node": pl.Int64(),
    "uptime": pl.Float64(),
    "tier": pl.Int64(),
    "reputation": pl.Float64(),
    "suspended": pl.Boolean(),
    "offer_time": pl.Float64(),
    "min_hours": pl.Float64(),
    "max_hours": pl.Float64(),
    "min_buyer_score": pl.Float64(),
}

REQUIRED_COLUMNS: tuple[str, ...] = (
    "offer_id",
    "provider",
    "provider_kind",
    "gpu_model",
    "region",
    "usd_per_gpu_hour",
)

DEFAULTS: dict[str, Any] = {
    "uptime": 1.0,
    "tier": 0,
    "reputation": 1.0,
    "suspended": False,
    "offer_time": 0.0,
}

PROVIDER_KINDS: frozenset[str] = frozenset({"network", "cloud"})
INTERFACES: frozenset[str] = frozenset({"pcie", "sxm"})


def empty_offers() -> pl.DataFrame:
    """An offers frame with the full schema and no rows."""
    return pl.DataFrame(schema=OFFER_SCHEMA)


def _cast(name: str, series_dtype: pl.DataType) -> pl.Expr:
    target = OFFER_SCHEMA[name]
    if name == "observed_at":
        # Keep a caller's own datetime precision and time zone; ISO strings are parsed as UTC.
        if isinstance(series_dtype, pl.Datetime):
            return pl.col(name)
        if series_dtype == pl.String:
            return pl.col(name).str.to_datetime(time_unit="us", time_zone="UTC")
    return pl.col(name).cast(target, strict=True)


def prepare_offers(offers: pl.DataFrame) -> pl.DataFrame:
    """Check the required columns, add missing optional ones and bring every known column to its dtype.

    This looks at the schema only (no scan of the data), so it is cheap enough to run on every quote.
    """
    if not isinstance(offers, pl.DataFrame):
        raise TypeError(f"offers must be a polars DataFrame, not {type(offers).__name__}.")
    if offers.width == 0:
        return empty_offers()
    missing = [c for c in REQUIRED_COLUMNS if c not in offers.columns]
    if missing:
        raise ValueError(f"The offers frame is missing required column(s): {', '.join(missing)}.")
    schema = offers.schema
    exprs: list[pl.Expr] = []
    for name, dtype in OFFER_SCHEMA.items():
        if name not in schema:
            exprs.append(pl.lit(DEFAULTS.get(name), dtype=dtype).alias(name))
        elif schema[name] != dtype:
            exprs.append(_cast(name, schema[name]))
    fills = [pl.col(n).fill_null(v) for n, v in DEFAULTS.items() if n in schema]
    if exprs:
        try:
            offers = offers.with_columns(exprs)
        except pl.exceptions.PolarsError as exc:
            wrong = [
                f"{n} ({schema[n]}, expected {d})"
                for n, d in OFFER_SCHEMA.items()
                if n in schema and schema[n] != d
            ]
            raise ValueError(f"Offer column(s) cannot be read as their type: {', '.join(wrong)}.") from exc
    if fills:
        offers = offers.with_columns(fills)
    return offers


def offers_frame(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Build a validated offers frame from row dicts, filling defaults for the optional columns."""
    rows = list(rows)
    if not rows:
        return empty_offers()
    missing = sorted(
        {c for row in rows for c in REQUIRED_COLUMNS if row.get(c) is None}, key=REQUIRED_COLUMNS.index
    )
    if missing:
        raise ValueError(f"Every offer needs a value for: {', '.join(missing)}.")
    known = {n: OFFER_SCHEMA[n] for n in OFFER_SCHEMA if any(n in row for row in rows)}
    extra = [c for c in dict.fromkeys(k for row in rows for k in row) if c not in OFFER_SCHEMA]
    frame = pl.from_dicts(rows, schema_overrides=known, infer_schema_length=None)
    frame = prepare_offers(frame).select([*OFFER_SCHEMA, *extra])
    validate_offers(frame)
    return frame


def validate_offers(offers: pl.DataFrame) -> None:
    """Raise ValueError if the offers break the schema's rules (unique ids, known kinds, sane numbers)."""
    checks: dict[str, pl.Expr] = {
        "offer_id values must be unique": pl.col("offer_id").is_duplicated().any(),
        "provider_kind must be 'network' or 'cloud'": (
            ~pl.col("provider_kind").is_in(list(PROVIDER_KINDS))
        ).any(),
        "interface must be 'pcie', 'sxm' or null": (
            pl.col("interface").is_not_null() & ~pl.col("interface").is_in(list(INTERFACES))
        ).any(),
        "usd_per_gpu_hour must be a finite number >= 0": (
            ~pl.col("usd_per_gpu_hour").is_finite() | (pl.col("usd_per_gpu_hour") < 0)
        ).any(),
        "uptime and reputation must lie in 0..1": (
            ~pl.col("uptime").is_between(0, 1) | ~pl.col("reputation").is_between(0, 1)
        ).any(),
        "gpus_per_node must be positive when given": (pl.col("gpus_per_node") <= 0).any(),
    }
    failed = offers.select(**checks).row(0, named=True)
    broken = [rule for rule, bad in failed.items() if bad]
    if broken:
        raise ValueError(f"Invalid offers: {'; '.join(broken)}.")
