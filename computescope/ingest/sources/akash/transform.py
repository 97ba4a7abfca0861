"""Pure Polars steps from validated Akash rows to table frames: caps, merges, measures, days and stamps."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from computescope.ingest.sources.akash.settings import IMPOSSIBLE_COUNT, MICRO, NETWORK, SOURCE

TS = pl.Datetime("us", "UTC")
VARIANT = ["gpu_model", "vram_gb", "interface"]

GPU_INVENTORY: dict[str, pl.DataType] = {
    "network": pl.String(), "gpu_model": pl.String(), "gpu_model_raw": pl.String(), "vram_gb": pl.Float64(),
    "interface": pl.String(), "gpu_class": pl.String(), "measure": pl.String(), "gpus": pl.Float64(),
    "providers": pl.Int32(), "nodes": pl.Int32(), "source": pl.String(), "source_url": pl.String(), "observed_at": TS,
}
UTILIZATION: dict[str, pl.DataType] = {
    "network": pl.String(), "gpu_model": pl.String(), "resource": pl.String(), "utilization": pl.Float64(),
    "used": pl.Float64(), "capacity": pl.Float64(), "period": pl.String(), "source": pl.String(),
    "source_url": pl.String(), "observed_at": TS,
}
PRICES: dict[str, pl.DataType] = {
    "provider": pl.String(), "provider_kind": pl.String(), "gpu_model": pl.String(), "gpu_model_raw": pl.String(),
    "vram_gb": pl.Float64(), "interface": pl.String(), "region": pl.String(), "zone": pl.String(),
    "price_type": pl.String(), "usd_per_gpu_hour": pl.Float64(), "gpu_count": pl.Float64(), "native_price": pl.Float64(),
    "native_unit": pl.String(), "source": pl.String(), "source_url": pl.String(), "observed_at": TS,
}
NODES: dict[str, pl.DataType] = {
    "network": pl.String(), "node_id": pl.String(), "operator": pl.String(), "name": pl.String(), "region": pl.String(),
    "country": pl.String(), "gpu_model": pl.String(), "gpu_model_raw": pl.String(), "vram_gb": pl.Float64(),
    "interface": pl.String(), "gpu_count": pl.Int32(), "status": pl.String(), "uptime_1d": pl.Float64(),
    "uptime_7d": pl.Float64(), "uptime_30d": pl.Float64(), "source": pl.String(), "observed_at": TS,
}
REVENUE: dict[str, pl.DataType] = {
    "network": pl.String(), "period_start": pl.Date(), "period": pl.String(), "metric": pl.String(), "usd": pl.Float64(),
    "source": pl.String(), "source_url": pl.String(), "observed_at": TS,
}
NETWORK_FACTS: dict[str, pl.DataType] = {
    "network": pl.String(), "metric": pl.String(), "value": pl.Float64(), "unit": pl.String(), "note": pl.String(),
    "source": pl.String(), "source_url": pl.String(), "observed_at": TS,
}


def conform(lf: pl.LazyFrame, schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """Exactly the table's columns, in order and typed; a column the steps did not produce is null."""
    present = set(lf.collect_schema().names())
    return lf.select(
        pl.col(name).cast(dtype) if name in present else pl.lit(None, dtype=dtype).alias(name) for name, dtype in schema.items()
    )


def stamp(lf: pl.LazyFrame, source_url: str, observed_at: datetime | None = None) -> pl.LazyFrame:
    """Network, source and URL on every row; `observed_at` unless the rows carry their own."""
    columns = [pl.lit(NETWORK).alias("network"), pl.lit(SOURCE).alias("source"), pl.lit(source_url).alias("source_url")]
    if observed_at is not None:
        columns.append(pl.lit(observed_at, dtype=TS).alias("observed_at"))
    return lf.with_columns(columns)


def day_observed(lf: pl.LazyFrame) -> pl.LazyFrame:
    """A daily figure is observed at the start of its UTC day, so every run names the same instant."""
    return lf.with_columns(pl.col("day").cast(pl.Datetime("us")).dt.replace_time_zone("UTC").alias("observed_at"))


def complete_days(lf: pl.LazyFrame, today: date) -> pl.LazyFrame:
    """Days before `today` only: the current day is still moving, and an append would freeze its first reading."""
    return lf.filter(pl.col("day") < today)


def cap_allocation(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Drop variants with no believable total; leased = allocated capped at allocatable, as Console caps it for prices."""
    return (
        lf.filter(pl.col("allocatable").is_between(0, IMPOSSIBLE_COUNT, closed="left"))
        .with_columns(pl.min_horizontal("allocated", "allocatable").clip(lower_bound=0).alias("leased"))
        .with_columns((pl.col("allocatable") - pl.col("leased")).alias("available"))
    )


def sum_variants(lf: pl.LazyFrame, values: list[str], by: list[str] = VARIANT) -> pl.LazyFrame:
    """Spellings that normalise to one variant ("SXM4"/"sxm", a vendor-less row) are one set of GPUs: add them up."""
    carried = [c for c in ("gpu_model_raw", "vram_gb", "interface", "gpu_class") if c not in by]
    return lf.group_by(by, maintain_order=True).agg(
        *(pl.col(c).drop_nulls().first() for c in carried), *(pl.col(v).sum() for v in values)
    )


def with_all_models(lf: pl.LazyFrame, values: list[str], by: list[str] | None = None) -> pl.LazyFrame:
    """Append the all-models row ('*') per `by` group (none = one row); nothing when there are no rows to add."""
    keys = by or []
    sums = [pl.col(v).sum() for v in values]
    total = (
        lf.group_by(keys, maintain_order=True).agg(*sums, pl.len().alias("_rows"))
        if keys
        else lf.select(*sums, pl.len().alias("_rows"))
    )
    total = total.filter(pl.col("_rows") > 0).drop("_rows").with_columns(
        pl.lit("*").alias("gpu_model"), pl.lit("*").alias("gpu_model_raw")
    )
    return pl.concat([lf, total], how="diagonal_relaxed")


def to_measures(lf: pl.LazyFrame, measures: dict[str, str]) -> pl.LazyFrame:
    """One row per measure: column `allocatable` becomes measure 'total', and so on; null counts are not observations."""
    index = [c for c in lf.collect_schema().names() if c not in measures]
    return (
        lf.unpivot(on=list(measures), index=index, variable_name="measure", value_name="gpus")
        .with_columns(pl.col("measure").replace_strict(measures, return_dtype=pl.String()))
        .filter(pl.col("gpus").is_not_null())
    )


def plausible(lf: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """Keep rows whose count is a count: not negative, not an unsigned -1."""
    return lf.filter(pl.col(column).is_between(0, IMPOSSIBLE_COUNT, closed="left"))


def ratio(lf: pl.LazyFrame) -> pl.LazyFrame:
    """utilization = used / capacity as a fraction 0..1; no row where there is no capacity."""
    return lf.filter(pl.col("capacity") > 0).with_columns(
        (pl.col("used") / pl.col("capacity")).clip(0.0, 1.0).alias("utilization")
    )


def breakdown_days(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Per day and model: leased capped at total (as Console caps it) and the busy share weighted by GPUs."""
    return plausible(lf, "total").with_columns(
        pl.min_horizontal("leased", "total").clip(lower_bound=0).alias("leased"),
        # Console's percentage comes from the unrounded leased sum, so weight it rather than recompute leased / total
        ((pl.col("utilization_pct") / 100).clip(0.0, 1.0) * pl.col("total")).alias("busy"),
    )


def breakdown_utilization(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Daily GPU utilization per model and for all models together, from the per-day rows."""
    per_model = sum_variants(lf, ["leased", "total", "busy"], by=["day", "gpu_model"])
    both = with_all_models(per_model, ["leased", "total", "busy"], by=["day"])
    return both.filter(pl.col("total") > 0).with_columns(
        (pl.col("busy") / pl.col("total")).clip(0.0, 1.0).alias("utilization"),
        pl.col("leased").alias("used"),
        pl.col("total").alias("capacity"),
        pl.lit("gpu").alias("resource"),
        pl.lit("day").alias("period"),
    )


def breakdown_inventory(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Daily GPU totals per model variant with the providers and nodes that hold them."""
    summed = sum_variants(lf, ["total", "providers", "nodes"], by=["day", *VARIANT])
    return summed.with_columns(pl.lit("total").alias("measure"), pl.col("total").alias("gpus"))


def one_offer_per_variant(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Positive prices only; where two spellings normalise to one variant, keep the one with more GPUs behind it."""
    return (
        lf.filter(pl.col("usd_per_gpu_hour") > 0)
        .sort("weight", descending=True, nulls_last=True, maintain_order=True)
        .unique(subset=[*VARIANT, "price_type"], keep="first", maintain_order=True)
    )


def blank_to_null(lf: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    return lf.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in columns)


def provider_nodes(lf: pl.LazyFrame) -> pl.LazyFrame:
    """One node row per provider: operator, name, region and country with Console's fallbacks, status from isOnline."""
    return blank_to_null(lf, ["name", "host", "organization", "location_region", "ip_region", "country"]).with_columns(
        pl.col("owner").alias("node_id"),
        pl.coalesce("organization", "owner").alias("operator"),
        pl.coalesce("name", "host").alias("name"),
        pl.coalesce("location_region", "ip_region").alias("region"),
        pl.col("country").str.to_uppercase(),
        pl.when(pl.col("is_online")).then(pl.lit("online")).otherwise(pl.lit("offline")).alias("status"),
    )


def daily_revenue(lf: pl.LazyFrame, today: date) -> pl.LazyFrame:
    """USD spent per complete UTC day from Console's day-over-day differences of the cumulative total.

    The differences are rebuilt into the running total; a day counts only when both its own and the
    previous day's total are known (> 0). That drops the first point (the whole history since launch)
    and both days around a day whose last block had no USD total yet (read as 0 by Console).
    """
    return (
        lf.sort("day", maintain_order=True)
        .with_columns(pl.col("value").cum_sum().alias("running"))
        .with_columns(pl.col("running").shift(1).alias("previous"))
        .filter((pl.col("running") > 0) & (pl.col("previous") > 0) & (pl.col("value") >= 0))
        .pipe(complete_days, today)
        .with_columns(
            pl.col("day").alias("period_start"),
            # a micro-unit amount has six decimals at most; rounding undoes the reciprocal multiply Polars divides by
            (pl.col("value") / MICRO).round(6).alias("usd"),
            pl.lit("day").alias("period"),
            pl.lit("revenue").alias("metric"),
        )
    )
