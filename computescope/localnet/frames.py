"""The local network's facts as frames for the shared tables, in the same shape every other source loads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np
import polars as pl

from computescope.core.catalog.gpus import normalize_gpu
from computescope.localnet.sim.fleet import MODELS
from computescope.localnet.sim.tokens import SYMBOL, Epoch

SOURCE = "localnet"
NETWORK = "localnet"
TS = pl.Datetime("us", "UTC")
SPECS = {m.name: normalize_gpu(m.claim) for m in MODELS}
GPU_META = pl.DataFrame({
    "gpu_model": list(SPECS), "gpu_model_raw": [m.claim for m in MODELS], "vram_gb": [s.vram_gb for s in SPECS.values()],
    "interface": [s.interface for s in SPECS.values()], "gpu_class": [s.gpu_class for s in SPECS.values()],
})


def ts(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def _stamp(frame: pl.DataFrame, observed_at: datetime | None = None) -> pl.DataFrame:
    out = frame.with_columns(pl.lit(SOURCE).alias("source"))
    return out.with_columns(pl.lit(observed_at).cast(TS).alias("observed_at")) if observed_at is not None else out


def reference(observed_at: datetime, token_model: str) -> dict[str, pl.DataFrame]:
    """The network, its price provider and its token, so every figure can name them."""
    networks = pl.DataFrame({
        "network": [NETWORK], "name": ["Local network"], "supply_source": ["simulated individuals (RTX 3090/4090) and data centres (A100/H100)"],
        "customers": ["simulated tenants: inference, rendering, training"], "layer": ["bare metal"],
        "main_business": ["a marketplace run on this explorer's own matching, verification and token core"],
        "token_model": [token_model], "token_symbol": [SYMBOL],
    })
    providers = pl.DataFrame({"provider": [NETWORK], "name": ["Local network"], "provider_kind": ["network"], "hyperscaler": [False]})
    token = pl.DataFrame({
        "symbol": [SYMBOL], "network": [NETWORK], "name": ["Local network token (simulated)"], "chain": ["none: simulated on this machine"],
        "token_model": [token_model], "max_supply": [None],
        "emission": ["minted to providers each epoch by the local network's token core"],
        "burn_rule": ["tenants' payments burn LOCAL (BME); under SFA providers stake instead"],
        "staking_rule": ["providers stake LOCAL for access under SFA"],
    }, schema_overrides={"max_supply": pl.Float64})
    return {"networks": _stamp(networks, observed_at), "providers": _stamp(providers, observed_at), "tokens": _stamp(token, observed_at)}


def nodes(fleet: pl.DataFrame, status: np.ndarray, uptime: Mapping[str, np.ndarray], observed_at: datetime,
          keys: np.ndarray | None = None) -> pl.DataFrame:
    """Current state of the registered nodes (all of them, or the `keys` given): hardware, place, status, uptimes."""
    rows = fleet if keys is None else fleet[keys]
    pick = (lambda a: a) if keys is None else (lambda a: a[keys])
    out = rows.select(
        pl.lit(NETWORK).alias("network"), "node_id", pl.col("operator_id").alias("operator"), pl.col("node_id").alias("name"), "region",
        "country", "gpu_model", pl.col("claim_raw").alias("gpu_model_raw"), "vram_gb", "interface", pl.col("gpu_count").cast(pl.Int32),
        (pl.col("joined_hour") * 3_600_000_000).cast(TS).alias("first_seen"),
    ).with_columns(
        pl.Series("status", pick(status), dtype=pl.Utf8),
        *[pl.Series(f"uptime_{w}", pick(uptime[w]), dtype=pl.Float64).fill_nan(None) for w in ("1d", "7d", "30d")],
    )
    return _stamp(out, observed_at)


def utilization(model_hours: pl.DataFrame, period: str) -> pl.DataFrame:
    """GPU utilization per model and for all models ('*') from the model-hour rollup, stamped at each row's hour."""
    per_model = model_hours.group_by("hour", "gpu_model").agg(pl.col("gpus").sum(), pl.col("leased_gpus").sum())
    every = model_hours.group_by("hour").agg(pl.lit("*").alias("gpu_model"), pl.col("gpus").sum(), pl.col("leased_gpus").sum())
    both = pl.concat([per_model, every.select(per_model.columns)], how="vertical_relaxed").filter(pl.col("gpus") > 0)
    return both.select(
        pl.lit(NETWORK).alias("network"), "gpu_model", pl.lit("gpu").alias("resource"),
        (pl.col("leased_gpus") / pl.col("gpus")).cast(pl.Float64).alias("utilization"), pl.col("leased_gpus").cast(pl.Float64).alias("used"),
        pl.col("gpus").cast(pl.Float64).alias("capacity"), pl.lit(period).alias("period"), pl.lit(SOURCE).alias("source"),
        pl.col("hour").cast(TS).alias("observed_at"),
    ).sort("observed_at", "gpu_model")


def inventory(snapshot: pl.DataFrame, observed_at: datetime) -> pl.DataFrame:
    """GPUs per model and in total by measure (registered total, verified, active, leased, available), as of one time.

    `snapshot` has one row per model: gpus, verified, active, leased, available, nodes, operators.
    """
    measures = ("total", "verified", "active", "leased", "available")
    total = snapshot.select(pl.lit("*").alias("gpu_model"), *[pl.col(c).sum() for c in (*measures, "nodes", "operators")])
    both = pl.concat([snapshot.select("gpu_model", *measures, "nodes", "operators"), total], how="vertical_relaxed")
    long = both.unpivot(index=["gpu_model", "nodes", "operators"], on=list(measures), variable_name="measure", value_name="gpus")
    return _stamp(long.join(GPU_META, on="gpu_model", how="left").select(
        pl.lit(NETWORK).alias("network"), "gpu_model", "gpu_model_raw", "vram_gb", "interface", "gpu_class", "measure",
        pl.col("gpus").cast(pl.Float64), pl.col("operators").cast(pl.Int32).alias("providers"), pl.col("nodes").cast(pl.Int32),
    ), observed_at)


def prices(markets: pl.DataFrame, asks: pl.DataFrame, token_price: float, observed_at: datetime, *, regional: bool = True) -> pl.DataFrame:
    """Clearing prices (volume-weighted over the rows given) per model and per model × region, and the median ask per model."""
    traded = markets.filter(pl.col("volume_gpus") > 0)
    vw = (pl.col("price") * pl.col("volume_gpus")).sum() / pl.col("volume_gpus").sum()
    by_model = traded.group_by("gpu_model").agg(vw.alias("usd_per_gpu_hour")).with_columns(pl.lit("").alias("region"))
    parts = [by_model.with_columns(pl.lit("clearing").alias("price_type"))]
    if regional:
        parts.append(traded.group_by("gpu_model", "region").agg(vw.alias("usd_per_gpu_hour")).with_columns(pl.lit("clearing").alias("price_type")))
    parts.append(asks.select("gpu_model", pl.col("ask_median").alias("usd_per_gpu_hour"), pl.lit("").alias("region"), pl.lit("ask_median").alias("price_type")))
    out = pl.concat([p.select("gpu_model", "region", "price_type", "usd_per_gpu_hour") for p in parts], how="vertical_relaxed")
    return _stamp(out.filter(pl.col("usd_per_gpu_hour").is_not_null()).join(GPU_META.drop("gpu_class"), on="gpu_model", how="left").select(
        pl.lit(NETWORK).alias("provider"), pl.lit("network").alias("provider_kind"), "gpu_model", "gpu_model_raw", "vram_gb", "interface",
        "region", pl.lit("").alias("zone"), "price_type", pl.col("usd_per_gpu_hour").cast(pl.Float64), pl.lit(1.0).alias("gpu_count"),
        (pl.col("usd_per_gpu_hour") / token_price).alias("native_price"), pl.lit(SYMBOL).alias("native_unit"),
    ), observed_at)


def tokens(epochs: list[Epoch], token_model: str) -> dict[str, pl.DataFrame]:
    """Per epoch: LOCAL burned by tenants' payments and minted to providers (SFA: minted and staked), and the supply after."""
    if not epochs:
        return {}
    e = pl.DataFrame([vars(x) for x in epochs]).with_columns(pl.col("start_s", "end_s").map_elements(ts, return_dtype=TS))
    epoch_id = pl.col("start_s").dt.strftime("%Y-%m-%dT%H:%MZ")
    base = [pl.lit(SYMBOL).alias("symbol"), pl.lit(NETWORK).alias("network")]
    second = ("burn", "burned", pl.col("demand_usd")) if token_model == "BME" else ("stake", "staked", pl.col("staked") * pl.col("price"))
    flows = pl.concat([
        e.select(*base, pl.lit(flow).alias("flow"), pl.lit("providers" if flow == "mint" else "tenants").alias("channel"), epoch_id.alias("epoch_id"),
                 pl.col("start_s").alias("period_start"), pl.col("end_s").alias("period_end"), pl.col(col).alias("amount_tokens"),
                 usd.alias("amount_usd"), pl.col("end_s").alias("observed_at"))
        for flow, col, usd in (("mint", "minted", pl.col("minted") * pl.col("price")), second)
    ])
    supply = e.select(*base, (pl.col("supply") - pl.col("staked")).alias("circulating"), pl.col("supply").alias("total"),
                      pl.lit(None, pl.Float64).alias("max_supply"), pl.col("staked"), pl.col("price").alias("price_usd"),
                      (pl.col("price") * pl.col("supply")).alias("market_cap_usd"), pl.col("end_s").alias("observed_at"))
    return {"token_flows": _stamp(flows), "token_supply": _stamp(supply)}


def facts(metrics: Mapping[str, tuple[float, str, str]], observed_at: datetime) -> pl.DataFrame:
    """Headline figures: metric -> (value, unit, note)."""
    return _stamp(pl.DataFrame({
        "network": [NETWORK] * len(metrics), "metric": list(metrics), "value": [float(v[0]) for v in metrics.values()],
        "unit": [v[1] for v in metrics.values()], "note": [v[2] for v in metrics.values()],
    }), observed_at)
