"""Liveness and honesty of the local fleet: outages as heartbeat runs, random challenges, cheaters caught by spot checks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from computescope.core.verification.challenges import (
    DEFAULT_PRIME,
    catch_probability,
    cheat_result,
    make_challenge,
    merkle_root,
    open_rows,
    sample_rows,
    solve_challenge,
    verify_spot_check,
)
from computescope.core.verification.liveness import SLOT_S

OUTAGE_STREAM = 6
CHALLENGE_STREAM = 7
MAX_OUTAGE_HOURS = 72
SLOTS_PER_HOUR = 3600 // SLOT_S


@dataclass(frozen=True)
class HealthParams:
    challenge_every_days: float = 30.0    # mean gap between random challenges of one node
    spot_rows: int = 22                   # rows opened per challenge: catches a 10 % skipper with p = 0.90
    follow_up_hours: tuple[float, float] = (1.0, 12.0)  # a failed node is challenged again soon after
    real_per_chunk: int = 4               # challenges per chunk run for real (matmul, Merkle commitment, spot check)
    real_n: int = 100


def outages_for_day(fleet: pl.DataFrame, seed: int, day: int) -> pl.DataFrame:
    """Outages that start during one day (epoch day): node key, start hour and length in whole hours."""
    rng = np.random.default_rng([seed, OUTAGE_STREAM, day])
    rate = fleet["outage_rate"].to_numpy()
    counts = rng.poisson(rate * 24)
    node = np.repeat(fleet["node_key"].to_numpy(), counts)
    mean = np.repeat(fleet["outage_hours"].to_numpy(), counts)
    start = day * 24 + rng.integers(0, 24, len(node))
    length = np.minimum(rng.geometric(1.0 / mean), MAX_OUTAGE_HOURS)
    joined = np.repeat(fleet["joined_hour"].to_numpy(), counts)
    keep = start >= joined
    return pl.DataFrame({"node_key": node[keep].astype(np.int32), "start_hour": start[keep].astype(np.int64),
                         "hours": length[keep].astype(np.int64)})


def outages_between(fleet: pl.DataFrame, seed: int, h0: int, h1: int) -> pl.DataFrame:
    """Every outage overlapping hours [h0, h1), drawn day by day (so any chunking gives the same outages)."""
    first = (h0 - MAX_OUTAGE_HOURS) // 24
    frames = [outages_for_day(fleet, seed, d) for d in range(first, (h1 - 1) // 24 + 1)]
    out = pl.concat(frames)
    return out.filter((pl.col("start_hour") < h1) & (pl.col("start_hour") + pl.col("hours") > h0)).sort("node_key", "start_hour")


def down_mask(outages: pl.DataFrame, nodes: int, h0: int, hours: int) -> np.ndarray:
    """(hours × nodes) True where the node is in an outage."""
    diff = np.zeros((hours + 1, nodes), dtype=np.int32)
    if outages.height:
        a = np.clip(outages["start_hour"].to_numpy() - h0, 0, hours)
        b = np.clip(outages["start_hour"].to_numpy() + outages["hours"].to_numpy() - h0, 0, hours)
        n = outages["node_key"].to_numpy()
        np.add.at(diff, (a, n), 1)
        np.add.at(diff, (b, n), -1)
    return np.cumsum(diff, axis=0)[:hours] > 0


def merged_outages(outages: pl.DataFrame) -> pl.DataFrame:
    """Overlapping outages of one node joined into one: node key, start and end hour (exclusive)."""
    ends = pl.col("start_hour") + pl.col("hours")
    return (
        outages.sort("node_key", "start_hour")
        .with_columns(ends.alias("end_hour"))
        .with_columns(pl.col("end_hour").cum_max().shift(1).over("node_key").alias("_reach"))
        .with_columns((pl.col("_reach").is_null() | (pl.col("start_hour") > pl.col("_reach"))).cum_sum().over("node_key").alias("_group"))
        .group_by("node_key", "_group")
        .agg(pl.col("start_hour").min(), pl.col("end_hour").max())
        .drop("_group")
        .sort("node_key", "start_hour")
    )


def heartbeat_runs(fleet: pl.DataFrame, outages: pl.DataFrame, end_slot: int) -> pl.DataFrame:
    """Runs of consecutive 60 s heartbeat slots from registration to `end_slot` (inclusive), broken by the outages."""
    merged = merged_outages(outages.filter(pl.col("start_hour") * SLOTS_PER_HOUR <= end_slot))
    reg = fleet.select("node_key", (pl.col("joined_hour") * SLOTS_PER_HOUR).alias("reg_slot"))
    gaps = merged.select("node_key", (pl.col("start_hour") * SLOTS_PER_HOUR).alias("down_from"),
                         (pl.col("end_hour") * SLOTS_PER_HOUR).alias("up_from"))
    starts = pl.concat([reg.rename({"reg_slot": "first_slot"}), gaps.select("node_key", pl.col("up_from").alias("first_slot"))])
    ends = pl.concat([gaps.select("node_key", (pl.col("down_from") - 1).alias("last_slot")),
                      reg.select("node_key", pl.lit(end_slot, dtype=pl.Int64).alias("last_slot"))])
    # The k-th start of a node pairs with its k-th end: registration to the first outage, then outage to outage.
    index = pl.int_range(pl.len()).over("node_key").alias("_i")
    runs = starts.sort("node_key", "first_slot").with_columns(index).join(
        ends.sort("node_key", "last_slot").with_columns(index), on=["node_key", "_i"])
    return (
        runs.with_columns(pl.col("last_slot").clip(upper_bound=end_slot))
        .filter(pl.col("last_slot") >= pl.col("first_slot"))
        .select("node_key", "first_slot", "last_slot", (pl.col("last_slot") - pl.col("first_slot") + 1).cast(pl.Int32).alias("beats"))
        .sort("node_key", "first_slot")
    )


def challenge_schedule(fleet: pl.DataFrame, seed: int, day: int, params: HealthParams) -> pl.DataFrame:
    """Random challenges issued during one day: node key, issue time (epoch seconds) and the draw that settles it."""
    rng = np.random.default_rng([seed, CHALLENGE_STREAM, day])
    n = fleet.height
    counts = rng.poisson(np.full(n, 1.0 / params.challenge_every_days))
    node = np.repeat(fleet["node_key"].to_numpy(), counts)
    at = day * 86_400 + rng.uniform(0, 86_400, len(node))
    follow = rng.uniform(*params.follow_up_hours, len(node)) * 3600
    return pl.DataFrame({"node_key": node.astype(np.int32), "at": at, "draw": rng.random(len(node)), "draw2": rng.random(len(node)),
                         "follow_up_s": follow, "latency_s": rng.lognormal(np.log(0.35), 0.35, len(node))})


def settle(challenges: pl.DataFrame, fleet: pl.DataFrame, params: HealthParams) -> pl.DataFrame:
    """Verdicts: an honest node passes; a cheater skipping share f of rows fails with P = 1 − (1 − f)^k.

    A failed node is challenged again `follow_up_s` later and settles that one with the second draw.
    """
    f = fleet["cheat_fraction"].to_numpy()
    k = params.spot_rows
    p_catch = np.array([catch_probability(x, k) if x > 0 else 0.0 for x in f])
    keys = challenges["node_key"].to_numpy()
    fail = challenges["draw"].to_numpy() < p_catch[keys]
    base = challenges.with_columns(pl.Series("verdict", np.where(fail, "fail", "pass")), pl.lit(False).alias("follow_up"),
                                   pl.Series("p_catch", p_catch[keys]))
    again = base.filter(pl.col("verdict") == "fail")
    second = again.with_columns(
        (pl.col("at") + pl.col("follow_up_s")).alias("at"),
        pl.Series("verdict", np.where(again["draw2"].to_numpy() < again["p_catch"].to_numpy(), "fail", "pass")),
        pl.lit(True).alias("follow_up"),
    )
    return pl.concat([base, second]).sort("at").drop("draw", "draw2", "follow_up_s")


def run_real(challenges: pl.DataFrame, fleet: pl.DataFrame, seed: int, params: HealthParams) -> pl.DataFrame:
    """Run the first few challenges for real and let the spot check, not the draw, decide them (cheaters first)."""
    if challenges.is_empty() or params.real_per_chunk <= 0:
        return challenges.with_columns(pl.lit(False).alias("real"))
    f = fleet["cheat_fraction"].to_numpy()
    indexed = challenges.with_row_index("_row").with_columns(pl.Series("_f", f[challenges["node_key"].to_numpy()]))
    chosen = pl.concat([indexed.filter(pl.col("_f") > 0).head(params.real_per_chunk // 2),
                        indexed.filter(pl.col("_f") == 0).head(params.real_per_chunk - params.real_per_chunk // 2)])
    verdicts = {}
    for row in chosen.iter_rows(named=True):
        rng = np.random.default_rng([seed, CHALLENGE_STREAM, int(row["at"]), int(row["node_key"])])
        ch = make_challenge(int(rng.integers(0, 2**62)), params.real_n, DEFAULT_PRIME)
        c = cheat_result(ch.a, ch.b, ch.prime, row["_f"], rng) if row["_f"] > 0 else solve_challenge(ch)
        rows = sample_rows(params.real_n, params.spot_rows, rng)
        ok = verify_spot_check(merkle_root(c), ch.a, ch.b, open_rows(c, rows), ch.prime).ok
        verdicts[row["_row"]] = "pass" if ok else "fail"
    real = pl.DataFrame({"_row": list(verdicts), "_verdict": list(verdicts.values())}, schema={"_row": pl.UInt32, "_verdict": pl.Utf8})
    return (
        indexed.join(real, on="_row", how="left")
        .with_columns(pl.col("_verdict").is_not_null().alias("real"), pl.coalesce("_verdict", "verdict").alias("verdict"))
        .drop("_row", "_f", "_verdict")
    )


def challenges_between(fleet: pl.DataFrame, seed: int, h0: int, h1: int, down: np.ndarray, params: HealthParams) -> pl.DataFrame:
    """Challenges settled in hours [h0, h1) to nodes registered and up at the time (a challenge rides a heartbeat)."""
    days = range(h0 // 24 - 1, (h1 - 1) // 24 + 1)  # yesterday's failures are followed up today
    drawn = pl.concat([challenge_schedule(fleet, seed, d, params) for d in days])
    settled = settle(drawn, fleet, params)
    hour = (settled["at"].to_numpy() // 3600).astype(np.int64)
    keys = settled["node_key"].to_numpy()
    inside = (hour >= h0) & (hour < h1)
    joined = fleet["joined_hour"].to_numpy()[keys] <= hour
    up = np.zeros(len(hour), dtype=bool)
    up[inside] = ~down[hour[inside] - h0, keys[inside]]
    return run_real(settled.filter(pl.Series(inside & joined & up)), fleet, seed, params)
