"""Writes the local network into DuckDB: its own tables from Arrow, rollups per chunk, verification rows, shared facts."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import numpy as np
import polars as pl

from computescope.db import query_text, read_frame, write_text
from computescope.ingest.load import load_frame
from computescope.localnet import frames, verify_rows
from computescope.localnet.events import chunk_events
from computescope.localnet.sim.fleet import operators
from computescope.localnet.sim.health import heartbeat_runs
from computescope.localnet.sim.network import Chunk, LocalNet
from computescope.verify.availability import refresh_node_availability

H = 3600
# Identifiers reach SQL only from this allowlist.
OWN_TABLES = ("localnet_operators", "localnet_nodes", "localnet_node_hours", "localnet_leases", "localnet_market_hours",
              "localnet_model_hours", "localnet_node_days", "localnet_operator_days", "localnet_events")
VERIFY_TABLES = ("node_keys", "node_attestations", "node_heartbeat_runs", "node_challenges", "node_standing", "node_events")
SHARED_TABLES = ("nodes", "gpu_inventory", "utilization", "prices", "token_flows", "token_supply", "network_facts", "networks", "providers", "tokens")
_STAGE = "_localnet_stage"


def insert(cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append a frame by column name, through Arrow (no row-by-row path)."""
    if table not in OWN_TABLES + VERIFY_TABLES:
        raise ValueError(f"{table} is not a table the local network writes directly")
    if frame.is_empty():
        return 0
    cur.register(_STAGE, frame.to_arrow())
    try:
        cur.execute(f'insert into "{table}" by name select * from {_STAGE}')
    finally:
        cur.unregister(_STAGE)
    return frame.height


def reset(cur: duckdb.DuckDBPyConnection) -> None:
    """Remove the previous local network (its own tables, and its rows in shared and verification tables)."""
    for table in OWN_TABLES:
        cur.execute(f'delete from "{table}"')
    for table in (*VERIFY_TABLES, *SHARED_TABLES):
        cur.execute(f'delete from "{table}" where source = ?', [frames.SOURCE])


def hour_ts(hour: int) -> datetime:
    return datetime.fromtimestamp(hour * H, UTC).replace(tzinfo=None)


def load_shared(cur: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], run_id: str) -> int:
    """The shared tables go through the ingest loader: declared keys, idempotent appends, merges by key."""
    return sum(load_frame(cur, name, frame, run_id) for name, frame in tables.items() if name in SHARED_TABLES)


def write_fleet(cur: duckdb.DuckDBPyConnection, net: LocalNet, run_id: str, upto_hour: int) -> int:
    """Operators, the nodes registered before `upto_hour` (the rest register as they join), the network and its provider."""
    rows = insert(cur, "localnet_operators", operators(net.fleet))
    rows += register(cur, net, np.flatnonzero(net.arrays.joined < upto_hour))
    observed = datetime.fromtimestamp(net.config.start_hour * H, UTC)
    return rows + load_shared(cur, frames.reference(observed, net.config.tokens.model), run_id)


def register(cur: duckdb.DuckDBPyConnection, net: LocalNet, keys: np.ndarray, at_s: float | None = None) -> int:
    """Nodes join: the fleet row, a key, the GPU attestation and the bond (at `at_s`, the wall clock, when live)."""
    if not len(keys):
        return 0
    fleet = net.fleet[keys]
    if at_s is not None:
        fleet = fleet.with_columns(pl.lit(at_s / H).alias("joined_hour"))
    rows = insert(cur, "localnet_nodes", fleet.select(
        "node_key", "node_id", "operator_id", "node_class", "gpu_model", "gpu_class", "gpu_count", "region", "country",
        pl.col("ask_usd").cast(pl.Float32), (pl.col("joined_hour") * 3_600_000_000).cast(pl.Int64).cast(pl.Datetime("us")).alias("joined_at"),
        pl.col("cheat_fraction").cast(pl.Float32),
    ))
    rows += insert(cur, "node_keys", verify_rows.keys(fleet, net.config.seed))
    rows += insert(cur, "node_attestations", verify_rows.attestations(fleet))
    return rows + insert(cur, "node_events", verify_rows.bonds(fleet))


def write_chunk(cur: duckdb.DuckDBPyConnection, net: LocalNet, chunk: Chunk, run_id: str, *, live_s: float | None = None) -> int:
    """One chunk: the hourly table, leases, clearing index, rollups of the days it touched, verification and shared rows.

    A live tick (`live_s`, the wall clock) writes only leases, challenges and events, stamped now: its shared facts went
    through the ingest runner, and its hour is written when the wall-clock hour ends.
    """
    h0, h1 = chunk.h0, chunk.h0 + chunk.hours
    rows = 0
    if live_s is None:
        rows += insert(cur, "localnet_node_hours", chunk.node_hours())
        rows += insert(cur, "localnet_market_hours", chunk.markets.with_columns(
            (pl.col("hour") * 3_600_000_000).cast(pl.Datetime("us")), pl.col("volume").alias("volume_gpus")).drop("volume"))
        rollup(cur, h0, h1)
        model_hours = read_frame(cur, query_text("localnet_model_hours_between"), {"hour_from": hour_ts(h0), "hour_to": hour_ts(h1)})
        rows += load_shared(cur, {"utilization": frames.utilization(model_hours, "hour")}, run_id)
    starts = (pl.col("hour") * 3_600_000_000) if live_s is None else pl.lit(int(live_s * 1_000_000))
    rows += insert(cur, "localnet_leases", chunk.leases.select(
        "lease_id", "order_id", "tenant_id", "workload", "node_key", starts.cast(pl.Datetime("us")).alias("starts_at"),
        "hours", "gpus", pl.col("usd_per_gpu_hour").cast(pl.Float32), pl.col("max_usd_per_gpu_hour").cast(pl.Float32), "matched_by",
    ))
    rows += insert(cur, "node_challenges", verify_rows.challenges(chunk.challenges, net.fleet, net.config.seed, net.config.health.spot_rows))
    rows += insert(cur, "node_events", verify_rows.events(chunk.events, net.fleet, chunk.challenges, net.config.seed))
    rows += insert(cur, "localnet_events", chunk_events(net, chunk, live_s))
    if live_s is not None:
        return rows
    end = datetime.fromtimestamp(h1 * H, UTC)
    shared = {
        "gpu_inventory": frames.inventory(snapshot(net, chunk), end),
        "prices": frames.prices(chunk.markets.rename({"volume": "volume_gpus"}), ask_medians(net), net.ledger.price, end),
        "network_facts": frames.facts(chunk_facts(net, chunk), end),
        **frames.tokens(chunk.epochs, net.config.tokens.model),
    }
    return rows + load_shared(cur, shared, run_id)


def rollup(cur: duckdb.DuckDBPyConnection, h0: int, h1: int) -> None:
    """Recompute the rollups for the hours [h0, h1) and the whole UTC days they touch, from the hourly table."""
    days = {"day_from": hour_ts(h0 // 24 * 24), "day_to": hour_ts(-(-h1 // 24) * 24)}
    hours = {"hour_from": hour_ts(h0), "hour_to": hour_ts(h1)}
    for name, params in (("node_days", days), ("operator_days", days), ("model_hours", hours)):
        cur.execute(write_text(f"localnet_clear_{name}"), params)
        cur.execute(write_text(f"localnet_rollup_{name}"), params)


def snapshot(net: LocalNet, chunk: Chunk) -> pl.DataFrame:
    """GPUs per model at the chunk's last hour: registered, verified (attested, not suspended), up, leased, free to rent."""
    f = net.fleet
    at = (chunk.h0 + chunk.hours) * H
    joined, up = chunk.joined[-1], chunk.up[-1]
    ok = joined & net.arrays.eligible & ~net.standing.suspended_at(at)
    cap = net.arrays.cap
    frame = pl.DataFrame({"gpu_model": f["gpu_model"], "operator_id": f["operator_id"], "joined": joined, "cap": cap,
                          "verified": np.where(ok, cap, 0), "active": np.where(up, cap, 0), "leased": chunk.leased[-1].astype(np.int64),
                          "available": np.where(up & ok, cap - net.market.held, 0)})
    return frame.filter(pl.col("joined")).group_by("gpu_model").agg(
        pl.col("cap").sum().alias("total"), pl.col("verified").sum(), pl.col("active").sum(), pl.col("leased").sum(),
        pl.col("available").clip(lower_bound=0).sum(), pl.len().alias("nodes"), pl.col("operator_id").n_unique().alias("operators"),
    ).sort("gpu_model")


def ask_medians(net: LocalNet) -> pl.DataFrame:
    """The median ask per model over every registered node that may sell."""
    return net.fleet.filter(~pl.col("liar")).group_by("gpu_model").agg(pl.col("ask_usd").median().alias("ask_median"))


def chunk_facts(net: LocalNet, chunk: Chunk) -> dict[str, tuple[float, str, str]]:
    at = (chunk.h0 + chunk.hours) * H
    joined = chunk.joined[-1]
    return {
        "nodes_registered": (float(joined.sum()), "nodes", "registered by the chunk's end"),
        "operators": (float(net.fleet.filter(pl.Series(joined))["operator_id"].n_unique()), "operators", "with at least one registered node"),
        "leases_started": (float(chunk.leases.height), "leases", f"in the last {chunk.hours} simulated hour(s)"),
        "gpu_hours_leased": (float(chunk.leased.sum()), "GPU-hours", f"served in the last {chunk.hours} simulated hour(s)"),
        "challenges_failed": (float((chunk.challenges["verdict"] == "fail").sum()) if chunk.challenges.height else 0.0, "challenges",
                              f"failed spot checks in the last {chunk.hours} simulated hour(s)"),
        "nodes_suspended": (float((net.standing.suspended_at(at) & joined).sum()), "nodes", "suspended after repeated failed proofs"),
    }


def write_end(cur: duckdb.DuckDBPyConnection, net: LocalNet, outages: pl.DataFrame, last_up: np.ndarray, run_id: str, end_s: float) -> int:
    """The state at the end: heartbeat runs up to now, standing, and every node's current row with its uptimes."""
    registered = net.arrays.joined < net.clock
    runs = heartbeat_runs(net.fleet.filter(pl.Series(registered)), outages, int(end_s // 60))
    rows = insert(cur, "node_heartbeat_runs", verify_rows.runs(runs, net.fleet))
    refresh_node_availability(cur, end_s)
    stand = net.standing.frame().filter(pl.Series(registered))
    rows += insert(cur, "node_standing", verify_rows.standing(stand, net.fleet, end_s))
    return rows + load_shared(cur, {"nodes": current_nodes(cur, net, last_up, end_s)}, run_id)


def current_nodes(cur: duckdb.DuckDBPyConnection, net: LocalNet, up_now: np.ndarray, now_s: float, keys: np.ndarray | None = None) -> pl.DataFrame:
    """The nodes table rows: status by the grid's precedence, uptimes over 1, 7 and 30 days through core.liveness."""
    verdicts = read_frame(cur, query_text("localnet_last_verdicts"))
    last = np.full(net.config.nodes, "", dtype=object)
    if verdicts.height:
        idx = net.fleet.select("node_id", "node_key").join(verdicts, on="node_id")
        last[idx["node_key"].to_numpy()] = idx["verdict"].to_numpy()
    status = verify_rows.status(net.standing.frame(), net.fleet, up_now, last, now_s)
    uptime = {w: net.uptimes(now_s, s) for w, s in (("1d", 86_400), ("7d", 604_800), ("30d", 2_592_000))}
    registered = np.flatnonzero(net.arrays.joined < net.clock)
    keys = registered if keys is None else np.intersect1d(keys, registered)
    return frames.nodes(net.fleet, status, uptime, datetime.fromtimestamp(now_s, UTC), keys)
