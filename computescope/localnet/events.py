"""The local network's newsworthy moments per chunk: joins, the biggest leases, clears per model, cheaters caught, suspensions."""

from __future__ import annotations

import polars as pl

from computescope.localnet.sim.network import Chunk, LocalNet

H = 3600
SCHEMA = {"happened_at": pl.Datetime("us", "UTC"), "kind": pl.Utf8, "node_id": pl.Utf8, "operator_id": pl.Utf8, "gpu_model": pl.Utf8,
          "region": pl.Utf8, "amount": pl.Float64, "price": pl.Float64, "detail": pl.Utf8}
TOP_LEASES = 3


def _at(seconds: pl.Expr) -> pl.Expr:
    return (seconds * 1_000_000).cast(pl.Int64).cast(pl.Datetime("us", "UTC"))


def _cents(value: pl.Expr) -> pl.Expr:
    return value.round(2).cast(pl.Decimal(12, 2)).cast(pl.Utf8)


def chunk_events(net: LocalNet, chunk: Chunk, stamp_s: float | None = None) -> pl.DataFrame:
    """Events of one chunk; `stamp_s` puts them all at one time (a live tick happens now, whatever its simulated hour)."""
    h0, h1 = chunk.h0, chunk.h0 + chunk.hours
    nodes = net.fleet.select("node_key", "node_id", "operator_id", "gpu_model", "region", "gpu_count", "cheat_fraction")
    parts = []
    joined = nodes.join(net.fleet.select("node_key", "joined_hour"), on="node_key").filter(pl.col("joined_hour").is_between(h0, h1 - 1))
    parts.append(joined.select(
        _at(pl.col("joined_hour") * float(H)).alias("happened_at"), pl.lit("joined").alias("kind"), "node_id", "operator_id", "gpu_model", "region",
        pl.col("gpu_count").cast(pl.Float64).alias("amount"), pl.lit(None, pl.Float64).alias("price"),
        pl.format("{} joined with {} × {} in {}", "node_id", "gpu_count", "gpu_model", "region").alias("detail"),
    ))
    if chunk.leases.height:
        big = chunk.leases.sort(pl.col("gpus").cast(pl.Int64) * pl.col("hours"), "lease_id", descending=[True, False]).head(TOP_LEASES)
        parts.append(big.join(nodes, on="node_key").select(
            _at(pl.col("hour") * float(H)).alias("happened_at"), pl.lit("lease").alias("kind"), "node_id", "operator_id", "gpu_model", "region",
            pl.col("gpus").cast(pl.Float64).alias("amount"), pl.col("usd_per_gpu_hour").alias("price"),
            pl.format("tenant {} leased {} × {} in {} for {} h at ${}/GPU-h ({} {})", "tenant_id", "gpus", "gpu_model", "region", "hours",
                      _cents(pl.col("usd_per_gpu_hour")), pl.col("workload"),
                      pl.when(pl.col("matched_by") == "quote").then(pl.lit("by quote")).otherwise(pl.lit("at the clearing price"))).alias("detail"),
        ))
    traded = chunk.markets.filter(pl.col("volume") > 0)
    if traded.height:
        vw = (pl.col("price") * pl.col("volume")).sum() / pl.col("volume").sum()
        clears = traded.group_by("gpu_model").agg(vw.alias("price"), (pl.col("volume").sum() / chunk.hours).alias("amount"),
                                                  pl.col("hour").max().alias("hour"))
        parts.append(clears.select(
            _at((pl.col("hour") + 1) * float(H)).alias("happened_at"), pl.lit("clear").alias("kind"), pl.lit(None, pl.Utf8).alias("node_id"),
            pl.lit(None, pl.Utf8).alias("operator_id"), "gpu_model", pl.lit(None, pl.Utf8).alias("region"), "amount", "price",
            pl.format("{} cleared {} new GPUs an hour at ${}/GPU-h", "gpu_model", pl.col("amount").round(0).cast(pl.Int64),
                      _cents(pl.col("price"))).alias("detail"),
        ))
    caught = chunk.challenges.filter(pl.col("verdict") == "fail") if chunk.challenges.height else chunk.challenges
    if caught.height:
        parts.append(caught.join(nodes, on="node_key").select(
            _at(pl.col("at")).alias("happened_at"), pl.lit("caught").alias("kind"), "node_id", "operator_id", "gpu_model", "region",
            pl.lit(None, pl.Float64).alias("amount"), pl.lit(None, pl.Float64).alias("price"),
            pl.format("{} caught by a spot check: it skips {}% of the work", "node_id",
                      (pl.col("cheat_fraction") * 100).round(0).cast(pl.Int64)).alias("detail"),
        ))
    suspended = chunk.events.filter(pl.col("kind") == "suspend") if chunk.events.height else chunk.events
    if suspended.height:
        parts.append(suspended.join(nodes, on="node_key").select(
            _at(pl.col("at")).alias("happened_at"), pl.lit("suspended").alias("kind"), "node_id", "operator_id", "gpu_model", "region",
            pl.lit(None, pl.Float64).alias("amount"), pl.lit(None, pl.Float64).alias("price"),
            pl.format("{} suspended for 30 days after two failed proofs within a week", "node_id").alias("detail"),
        ))
    out = pl.concat([p.cast(SCHEMA) for p in parts], how="vertical") if parts else pl.DataFrame(schema=SCHEMA)
    if stamp_s is not None:
        out = out.with_columns(_at(pl.lit(stamp_s)).alias("happened_at"))
    return out
