"""Pure transforms from one typed SkyPilot vms.csv to judged price rows: GCP host merge, SKU fixes, data checks."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.sources.azure.settings import GpuSku
from computescope.ingest.sources.clouds.settings import (
    CLOUDS,
    GCP_HOSTS,
    GCP_N1_FAMILIES,
    GCP_N1_MEMORY_PER_VCPU_GIB,
    GCP_N1_VCPUS,
    GCP_PLACEHOLDER_PRICE,
    HOST_COLUMNS,
    NAME_VRAM_GB,
    OVERRIDES,
    TPU_PREFIX,
    ZONE_COLUMN,
)

_SIZE_IN_MIB = r"'SizeInMiB':\s*([0-9]+(?:\.[0-9]+)?)"
_SAME_PRICE = 1e-9


def judged(frame: pl.LazyFrame, cloud: str) -> pl.LazyFrame:
    """Every price a catalog offers, one row per instance × region × zone × price type, with `reason` set when it is not kept."""
    steps = frame.pipe(standardise, cloud)
    if cloud == "gcp":
        steps = steps.pipe(add_gcp_hosts)
    return (
        steps.pipe(apply_overrides, OVERRIDES.get(cloud, {}))
        .pipe(mark_rows)
        .pipe(to_price_rows)
        .pipe(judge)
        .pipe(per_gpu_hour)
    )


def standardise(frame: pl.LazyFrame, cloud: str) -> pl.LazyFrame:
    """Catalog columns to ours; zero and placeholder prices become missing, the reason kept beside them."""
    spec = CLOUDS[cloud]
    names = frame.collect_schema().names()

    def optional(column: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(column) if column in names else pl.lit(None, dtype)

    size = pl.col("GpuInfo").str.extract(_SIZE_IN_MIB, 1).cast(pl.Float64)
    memory = {
        "mib": size / 1024,
        "gb": size,
        "mib_total": size / 1024 / pl.col("AcceleratorCount"),
        None: pl.lit(None, pl.Float64),
    }[spec.memory]
    placeholder = GCP_PLACEHOLDER_PRICE if cloud == "gcp" else None
    return frame.select(
        pl.col("InstanceType").alias("instance_type"),
        pl.col("AcceleratorName").alias("accelerator"),
        pl.col("AcceleratorName").alias("gpu"),
        pl.col("AcceleratorCount").alias("gpu_count"),
        memory.alias("gpuinfo_vram_gb"),
        _clean("Price", placeholder).alias("price"),
        _clean("SpotPrice", placeholder).alias("spot"),
        _issue("Price", "zero_price", placeholder).alias("price_issue"),
        _issue("SpotPrice", "zero_spot", placeholder).alias("spot_issue"),
        pl.col("Region").fill_null("").alias("region"),
        (optional(ZONE_COLUMN, pl.Utf8) if spec.zoned else pl.lit(None, pl.Utf8)).fill_null("").alias("zone"),
        optional(HOST_COLUMNS[0], pl.Float64).alias("vcpus"),
        optional(HOST_COLUMNS[1], pl.Float64).alias("memory_gib"),
        pl.lit(None, pl.Utf8).alias("skip"),
        pl.lit(None, pl.Utf8).alias("interface_hint"),
        pl.lit(False).alias("corrected"),
    )


def _issue(column: str, zero: str, placeholder: float | None) -> pl.Expr:
    value = pl.col(column)
    # Vast writes SpotPrice 0.00 for "no spot market"; nothing is free.
    expr = pl.when(value <= 0).then(pl.lit(zero))
    if placeholder is not None:
        expr = expr.when(value == placeholder).then(pl.lit("placeholder"))
    return expr.otherwise(pl.lit(None, pl.Utf8))


def _clean(column: str, placeholder: float | None) -> pl.Expr:
    value = pl.col(column)
    bad = value <= 0
    if placeholder is not None:
        bad = bad | (value == placeholder)
    return pl.when(bad).then(pl.lit(None, pl.Float64)).otherwise(value)


def add_gcp_hosts(frame: pl.LazyFrame) -> pl.LazyFrame:
    """GCP GPU rows (no InstanceType) priced together with their host VM in the same zone, as SkyPilot does."""
    rows = frame.with_row_index("row").with_columns(
        pl.col("region").str.to_lowercase().alias("region_key"), pl.col("zone").str.to_lowercase().alias("zone_key")
    )
    is_gpu_row = pl.col("instance_type").is_null() & pl.col("gpu").is_not_null() & ~pl.col("gpu").str.starts_with(TPU_PREFIX)
    gpus = rows.filter(is_gpu_row).with_columns(pl.col("gpu_count").cast(pl.Int64, strict=False).alias("count_key"))
    hosts = rows.filter(pl.col("instance_type").is_not_null() & pl.col("gpu").is_null() & pl.col("price").is_not_null()).select(
        "region_key", "zone_key",
        pl.col("instance_type").alias("host_type"), pl.col("vcpus").alias("host_vcpus"),
        pl.col("memory_gib").alias("host_memory_gib"), pl.col("price").alias("host_price"), pl.col("spot").alias("host_spot"),
    )
    fixed_hosts = pl.LazyFrame(
        [(gpu, count, host) for gpu, counts in GCP_HOSTS.items() for count, types in counts.items() for host in types],
        schema={"gpu": pl.Utf8, "count_key": pl.Int64, "host_type": pl.Utf8}, orient="row",
    )
    n1_vcpus = pl.LazyFrame(
        [(gpu, count, vcpus) for gpu, counts in GCP_N1_VCPUS.items() for count, vcpus in counts.items()],
        schema={"n1_key": pl.Utf8, "count_key": pl.Int64, "min_vcpus": pl.Int64}, orient="row",
    )
    fixed = gpus.join(fixed_hosts, on=["gpu", "count_key"]).join(hosts, on=["host_type", "region_key", "zone_key"])
    n1_family = pl.any_horizontal([pl.col("host_type").str.starts_with(family) for family in GCP_N1_FAMILIES])
    n1 = (
        gpus.filter(~pl.col("gpu").is_in(list(GCP_HOSTS)))
        .with_columns(pl.when(pl.col("gpu").is_in(list(GCP_N1_VCPUS))).then(pl.col("gpu")).otherwise(pl.lit("DEFAULT")).alias("n1_key"))
        .join(n1_vcpus, on=["n1_key", "count_key"])
        .join(hosts, on=["region_key", "zone_key"])
        .filter(
            n1_family
            & (pl.col("host_vcpus") >= pl.col("min_vcpus"))
            & (pl.col("host_memory_gib") >= pl.col("min_vcpus") * GCP_N1_MEMORY_PER_VCPU_GIB)
        )
    )
    host_columns = ["row", "host_type", "host_price", "host_spot"]
    cheapest = (
        pl.concat([fixed.select(host_columns), n1.select(host_columns)])
        .group_by("row")
        .agg(pl.all().sort_by(["host_price", "host_type"]).first())
    )
    priced = gpus.drop("count_key").join(cheapest, on="row", how="left").with_columns(
        pl.when(pl.col("host_type").is_null()).then(pl.lit("no_host")).otherwise(pl.col("skip")).alias("skip"),
        pl.col("host_type").alias("instance_type"),
        (pl.col("price") + pl.col("host_price")).alias("price"),
        (pl.col("spot") + pl.col("host_spot")).alias("spot"),
    ).drop("host_type", "host_price", "host_spot")
    others = rows.filter(~is_gpu_row)
    return pl.concat([priced, others], how="diagonal").sort("row").drop("row", "region_key", "zone_key")


def apply_overrides(frame: pl.LazyFrame, overrides: Mapping[str, GpuSku]) -> pl.LazyFrame:
    """GPU name, count and interface from our SKU table where it knows the instance; the catalog's name stays as raw."""
    if not overrides:
        return frame
    table = pl.LazyFrame(
        [(sku, spec.gpu, float(spec.count), spec.interface) for sku, spec in overrides.items()],
        schema={"instance_type": pl.Utf8, "o_gpu": pl.Utf8, "o_count": pl.Float64, "o_interface": pl.Utf8}, orient="row",
    )
    known = pl.col("o_gpu").is_not_null()
    return (
        frame.join(table, on="instance_type", how="left")
        .with_columns(
            (known & (pl.col("gpu").is_null() | (pl.col("gpu_count") != pl.col("o_count")).fill_null(True))).alias("corrected"),
            pl.coalesce("o_gpu", "gpu").alias("gpu"),
            pl.coalesce("o_count", "gpu_count").alias("gpu_count"),
            pl.coalesce("o_interface", "interface_hint").alias("interface_hint"),
            pl.coalesce("accelerator", "o_gpu").alias("accelerator"),
        )
        .drop("o_gpu", "o_count", "o_interface")
    )


def mark_rows(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Why a whole catalog row is not a GPU price: no GPU, a TPU slice (not GPUs; priced per slice), no GPU count."""
    reason = (
        pl.when(pl.col("gpu").is_null()).then(pl.lit("cpu_only"))
        .when(pl.col("gpu").str.starts_with(TPU_PREFIX)).then(pl.lit("tpu"))
        .when(pl.col("gpu_count").is_null() | (pl.col("gpu_count") <= 0)).then(pl.lit("no_gpu_count"))
        .otherwise(pl.lit(None, pl.Utf8))
    )
    return frame.with_columns(pl.coalesce("skip", reason).alias("skip"))


def to_price_rows(frame: pl.LazyFrame) -> pl.LazyFrame:
    """One row per price type: the on-demand and the spot price of each instance."""
    common = [c for c in frame.collect_schema().names() if c not in ("price", "spot", "price_issue", "spot_issue")]

    def side(price_type: str, value: str, issue: str) -> pl.LazyFrame:
        return frame.select(
            *common,
            pl.lit(price_type).alias("price_type"),
            pl.col(value).alias("instance_usd_per_hour"),
            pl.col("price").alias("on_demand_usd_per_hour"),
            pl.col(issue).alias("issue"),
        )

    return pl.concat([side("on_demand", "price", "price_issue"), side("spot", "spot", "spot_issue")])


def judge(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The first reason a price is not kept; null when it is kept."""
    value, on_demand = pl.col("instance_usd_per_hour"), pl.col("on_demand_usd_per_hour")
    spot = pl.col("price_type") == "spot"
    reason = (
        pl.when(pl.col("issue").is_not_null()).then(pl.col("issue"))
        .when(pl.col("skip").is_not_null()).then(pl.col("skip"))
        .when(value.is_null() & ~spot).then(pl.lit("no_price"))
        .when(value.is_null()).then(pl.lit("no_spot"))
        # Equal to on-demand is a fill value where no spot quote exists (AWS p5, Azure H100, RunPod).
        .when(spot & ((value - on_demand).abs() < _SAME_PRICE)).then(pl.lit("spot_equals_on_demand"))
        # Above on-demand nobody would pay it: a catalog error (GCP H100 / A100-80GB in us-central1).
        .when(spot & (value > on_demand)).then(pl.lit("spot_above_on_demand"))
        .otherwise(pl.lit(None, pl.Utf8))
    )
    return frame.with_columns(reason.alias("reason")).drop("issue", "skip")


def per_gpu_hour(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.with_columns((pl.col("instance_usd_per_hour") / pl.col("gpu_count")).alias("usd_per_gpu_hour"))


def with_gpu_specs(frame: pl.DataFrame) -> pl.DataFrame:
    """Canonical model, memory and interface: memory from the name first, then GpuInfo (units fixed), then SkyPilot's naming."""
    named = normalize_frame(frame, "gpu", interface_col="interface_hint")
    hint = pl.coalesce(
        pl.col("vram_gb"), pl.col("gpuinfo_vram_gb"), pl.col("gpu").replace_strict(NAME_VRAM_GB, default=None, return_dtype=pl.Float64)
    )
    return normalize_frame(named.with_columns(hint.alias("vram_hint")), "gpu", vram_col="vram_hint", interface_col="interface_hint")

