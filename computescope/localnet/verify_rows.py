"""The local fleet in the verification tables: keys, attestations, heartbeat runs, challenges, standing and events."""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl

from computescope.core.verification.attestation import attest
from computescope.core.verification.challenges import DEFAULT_PRIME
from computescope.core.verification.reputation import beta_reputation
from computescope.localnet.frames import NETWORK, SOURCE, TS

AGENT = "computescope localnet"
CHALLENGE_N = 512          # the size the collector issues (its VerifyParams); real spot checks run at the core's small size
CPU = {"consumer": ("AMD Ryzen 9 7950X", 16, 64.0), "datacenter": ("AMD EPYC 9454", 48, 768.0)}


def _hex(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()


def _at(col: str) -> pl.Expr:
    return (pl.col(col) * 1_000_000).cast(pl.Int64).cast(TS)


def keys(fleet: pl.DataFrame, seed: int) -> pl.DataFrame:
    """One key per node, derived from the seed: the simulated nodes sign nothing, the key only names the node."""
    cpu_model = pl.col("node_class").replace_strict({k: v[0] for k, v in CPU.items()}, return_dtype=pl.Utf8)
    cores = pl.col("node_class").replace_strict({k: v[1] for k, v in CPU.items()}, return_dtype=pl.Int32)
    memory = pl.col("node_class").replace_strict({k: v[2] for k, v in CPU.items()}, return_dtype=pl.Float64)
    hardware = pl.concat_str([
        pl.lit('{"cpu_cores":'), cores.cast(pl.Utf8), pl.lit(',"cpu_model":"'), cpu_model, pl.lit('","gpu":{"count":'),
        pl.col("gpu_count").cast(pl.Utf8), pl.lit(',"name":"'), pl.col("claim_raw"), pl.lit('"},"memory_gb":'), memory.cast(pl.Utf8), pl.lit("}"),
    ])
    return fleet.select(
        pl.Series("public_key", [_hex("localnet", seed, n) for n in fleet["node_id"]]), pl.lit(NETWORK).alias("network"), "node_id",
        pl.col("operator_id").alias("operator"), pl.col("gpu_model").alias("claimed_gpu"), pl.col("claim_raw").alias("claimed_gpu_raw"),
        pl.col("gpu_count").cast(pl.Int32), pl.col("vram_gb").alias("gpu_vram_gb"), cpu_model.alias("cpu_model"), cores.alias("cpu_cores"),
        memory.alias("memory_gb"), hardware.alias("hardware"), pl.lit(AGENT).alias("agent"),
        (pl.col("joined_hour") * 3_600_000_000).cast(TS).alias("registered_at"), pl.lit(SOURCE).alias("source"),
        (pl.col("joined_hour") * 3_600_000_000).cast(TS).alias("observed_at"),
    )


def attestations(fleet: pl.DataFrame) -> pl.DataFrame:
    """GPU attestation at registration: the measured probe against the claim's datasheet peak, through the core."""
    rows = []
    for claim, tflops, tbps in fleet.select("claim_raw", "measured_tflops", "measured_tbps").iter_rows():
        a = attest(claim, tflops, tbps)
        name = a.claimed[0] if a.claimed else None
        ratio = a.ratios.get(name, (None, None)) if name else (None, None)
        rows.append((a.verdict, a.best_fit, a.reason, ratio[0], ratio[1]))
    verdict, best, reason, c_ratio, b_ratio = zip(*rows, strict=True) if rows else ((), (), (), (), ())
    return fleet.select(
        pl.lit(NETWORK).alias("network"), "node_id", pl.lit("gpu").alias("device"), pl.col("claim_raw").alias("claimed"),
        pl.col("measured_tflops").alias("measured_compute"), pl.col("measured_tbps").alias("measured_bandwidth"),
        pl.Series("compute_ratio", c_ratio, dtype=pl.Float64), pl.Series("bandwidth_ratio", b_ratio, dtype=pl.Float64),
        pl.Series("best_fit", best, dtype=pl.Utf8), pl.Series("verdict", verdict, dtype=pl.Utf8), pl.Series("reason", reason, dtype=pl.Utf8),
        pl.lit(SOURCE).alias("source"), (pl.col("joined_hour") * 3_600_000_000).cast(TS).alias("observed_at"),
    )


def bonds(fleet: pl.DataFrame) -> pl.DataFrame:
    """The bond and the prior reputation every node starts with, at registration."""
    base = fleet.select(pl.lit(NETWORK).alias("network"), "node_id", pl.col("joined_hour").cast(pl.Float64) * 3600, "bond")
    bond = base.select("network", "node_id", pl.lit("bond").alias("kind"), pl.col("bond").alias("amount"), pl.lit(None, pl.Float64).alias("value"),
                       pl.lit("registration").alias("reason"), pl.col("joined_hour").alias("at"))
    prior = bond.with_columns(pl.lit("reputation").alias("kind"), pl.lit(None, pl.Float64).alias("amount"),
                              pl.lit(beta_reputation(0, 0, 1.0)).alias("value"),
                              pl.lit(None, pl.Utf8).alias("reason"))
    return _events(pl.concat([bond, prior]))


def _events(frame: pl.DataFrame) -> pl.DataFrame:
    ref = pl.col("challenge_id") if "challenge_id" in frame.columns else pl.lit(None, pl.Utf8).alias("challenge_id")
    return frame.select("network", "node_id", "kind", "amount", "value", "reason", ref, pl.lit(SOURCE).alias("source"), _at("at").alias("observed_at"))


def _ids(frame: pl.DataFrame, seed: int) -> tuple[list[str], list[str]]:
    """Challenge id and seed, both derived from the network seed, the node, the moment and whether it was a follow-up."""
    cid = [_hex("challenge", seed, k, f"{a:.3f}", f) for k, a, f in zip(frame["node_key"], frame["at"], frame["follow_up"], strict=True)]
    return [c[:32] for c in cid], [c[32:64] for c in cid]


def events(standing_events: pl.DataFrame, fleet: pl.DataFrame, settled: pl.DataFrame | None = None, seed: int = 0) -> pl.DataFrame:
    """Slashes, rewards, suspensions and reputation changes from the core's apply_outcome, per node, each naming what caused it:
    the challenge it settled (stamped when the verdict came back, as the challenge table shows it) or the GPU attestation."""
    ids = fleet.select("node_key", "node_id")
    frame = standing_events.join(ids, on="node_key").with_columns(pl.lit(NETWORK).alias("network"))
    if "ref" not in frame.columns:
        return _events(frame)
    cause = pl.when(pl.col("ref") == "challenge").then(pl.lit(None, pl.Utf8)).otherwise(pl.col("ref"))
    frame = frame.with_columns(cause.alias("challenge_id"))
    if settled is not None and settled.height:
        cid, _ = _ids(settled, seed)
        by_at = settled.select("node_key", "at", pl.Series("_cid", cid), (pl.col("at") + pl.col("latency_s") * 1.4).alias("_answered"))
        frame = frame.join(by_at, on=["node_key", "at"], how="left").with_columns(
            pl.when(pl.col("ref") == "challenge").then(pl.col("_cid")).otherwise(pl.col("challenge_id")).alias("challenge_id"),
            pl.when(pl.col("ref") == "challenge").then(pl.col("_answered")).otherwise(pl.col("at")).alias("at"),
        )
    return _events(frame)


def challenges(settled: pl.DataFrame, fleet: pl.DataFrame, seed: int, spot_rows: int) -> pl.DataFrame:
    """Settled challenges: issue, commitment after the measured latency, openings, verdict (wrong rows when caught)."""
    if settled.is_empty():
        return pl.DataFrame(schema={"challenge_id": pl.Utf8})
    ids = fleet.select("node_key", "node_id")
    frame = settled.join(ids, on="node_key").sort("at")
    cid, cseed = _ids(frame, seed)
    n = CHALLENGE_N
    return frame.select(
        pl.Series("challenge_id", cid), pl.lit(NETWORK).alias("network"), "node_id", pl.Series("seed", cseed), pl.lit(n, pl.Int32).alias("n"), pl.lit(DEFAULT_PRIME, pl.Int32).alias("prime"),
        pl.lit(spot_rows, pl.Int32).alias("spot_rows"), _at("at").alias("issued_at"), (_at("at") + pl.duration(seconds=30)).alias("deadline"),
        pl.lit("settled").alias("state"), pl.lit(None, pl.Utf8).alias("root"), (_at("at") + pl.duration(microseconds=(pl.col("latency_s") * 1e6).cast(pl.Int64))).alias("committed_at"),
        pl.lit(None, pl.Utf8).alias("open_rows"), (_at("at") + pl.duration(seconds=60)).alias("open_deadline"),
        (_at("at") + pl.duration(microseconds=(pl.col("latency_s") * 1.4e6).cast(pl.Int64))).alias("responded_at"), "verdict",
        pl.when(pl.col("verdict") == "fail").then(pl.lit("wrong_result")).alias("reason"), "latency_s",
        (2 * n**3 / pl.col("latency_s") / 1e9).alias("gflops"), pl.lit(SOURCE).alias("source"),
        (_at("at") + pl.duration(microseconds=(pl.col("latency_s") * 1.4e6).cast(pl.Int64))).alias("observed_at"),
    )


def runs(heartbeat_runs: pl.DataFrame, fleet: pl.DataFrame) -> pl.DataFrame:
    """Heartbeat runs (inclusive 60 s slot ranges) with the node's id; observed when the run's last slot was heard."""
    return heartbeat_runs.join(fleet.select("node_key", "node_id"), on="node_key").select(
        pl.lit(NETWORK).alias("network"), "node_id", "first_slot", "last_slot", "beats", pl.lit(SOURCE).alias("source"),
        (pl.col("last_slot") * 60_000_000).cast(TS).alias("observed_at"),
    )


def standing(frame: pl.DataFrame, fleet: pl.DataFrame, observed_s: float) -> pl.DataFrame:
    """Current standing per node (the state apply_outcome needs next time)."""
    return frame.join(fleet.select("node_key", "node_id"), on="node_key").select(
        pl.lit(NETWORK).alias("network"), "node_id", "stake", "passes", "fails", "uptime_30d", "score", "failures",
        _at("suspended_until").alias("suspended_until"), "earned", "reputation", pl.lit(SOURCE).alias("source"),
        pl.lit(int(observed_s * 1_000_000)).cast(TS).alias("observed_at"),
    )


def status(standing_frame: pl.DataFrame, fleet: pl.DataFrame, up_now: np.ndarray, last_verdict: np.ndarray, now_s: float) -> np.ndarray:
    """The word the node grid shows, by the same precedence: suspended, offline, failing, verified, registered."""
    suspended = standing_frame["suspended_until"].fill_null(-np.inf).to_numpy() > now_s
    liar = fleet["liar"].to_numpy()
    return np.where(suspended, "suspended", np.where(~up_now, "offline", np.where(liar | (last_verdict == "fail"), "failing",
                    np.where(last_verdict == "pass", "verified", "registered"))))
