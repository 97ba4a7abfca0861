"""The per-node availability rollup: writers refresh it after heartbeat runs change; the node list reads it while it is whole."""

from __future__ import annotations

import time
from collections.abc import Iterable

import duckdb
import polars as pl

from computescope.core.verification.liveness import SLOT_S
from computescope.db import query_text, write_text

LONGEST_WINDOW_S = 30 * 86400  # the node list's longest availability window
KEEP_MARGIN_S = 86400  # gaps kept this far before the longest window, so a rollup serves reads up to a day older than itself
BATCHED_REFRESH_S = 5.0  # a writer of many small batches refreshes the nodes it wrote at most this often (report time)


def floor_slot(now_s: float) -> int:
    """The slot at or before which a gap can no longer reach a 30-day window read at any time from a day before `now_s` on."""
    return int(now_s // SLOT_S) - (LONGEST_WINDOW_S + KEEP_MARGIN_S) // SLOT_S


def _rebuild(cur: duckdb.DuckDBPyConnection, now_s: float) -> None:
    for name in ("node_availability_clear_nodes", "node_availability_clear_gaps"):
        cur.execute(write_text(name))
    floor = {"floor": floor_slot(now_s)}
    cur.execute(write_text("node_availability_insert_nodes"), floor)
    cur.execute(write_text("node_availability_insert_gaps"), floor)
    cur.execute("drop table if exists _node_availability_keys")


def refresh_node_availability(cur: duckdb.DuckDBPyConnection, now_s: float | None = None) -> int:
    """Rebuild the rollup of every node whose heartbeat runs changed since it was rolled up; the number of nodes rebuilt.

    Call it in the writer's transaction after heartbeat runs were written or deleted (one pass over the runs' aggregates)."""
    cur.execute(write_text("node_availability_stage_changed"))
    changed = int(cur.execute("select count(*) from _node_availability_keys").fetchall()[0][0])
    _rebuild(cur, time.time() if now_s is None else now_s)
    return changed


def refresh_nodes_availability(cur: duckdb.DuckDBPyConnection, nodes: Iterable[tuple[str, str]], now_s: float | None = None) -> None:
    """Rebuild the rollup of the named (network, node_id) nodes only: for a writer that knows whose runs it just wrote
    (node intake after a batch). A node left out keeps its old rows, and the node list then scans the runs until it is refreshed."""
    named = pl.DataFrame(list(nodes), schema={"network": pl.Utf8, "node_id": pl.Utf8}, orient="row")
    if named.is_empty():
        return
    cur.register("_node_availability_named", named.to_arrow())
    try:
        cur.execute(write_text("node_availability_stage_nodes"))
    finally:
        cur.unregister("_node_availability_named")
    _rebuild(cur, time.time() if now_s is None else now_s)


class BatchedRefresh:
    """For a writer of many small batches (node intake): collect the nodes each batch wrote and refresh them together at most
    every `every_s` seconds of report time, so the refresh costs the writer little; until then the node list reads the runs."""

    def __init__(self, every_s: float = BATCHED_REFRESH_S) -> None:
        self.every_s = every_s
        self.pending: set[tuple[str, str]] = set()
        self.last_s = float("-inf")

    def wrote(self, cur: duckdb.DuckDBPyConnection, nodes: Iterable[tuple[str, str]], now_s: float) -> None:
        """Call in the batch's transaction after its runs were written."""
        self.pending.update(nodes)
        if self.pending and now_s - self.last_s >= self.every_s:
            refresh_nodes_availability(cur, self.pending, now_s)
            self.pending, self.last_s = set(), now_s


def rollup_serves(cur: duckdb.DuckDBPyConnection, now_s: float) -> bool:
    """Whether the rollup accounts for every heartbeat run (its sums equal the runs table's) and keeps every gap a 30-day
    window ending at `now_s` can reach; otherwise the node list computes availability from the runs themselves."""
    rows = cur.execute(query_text("nodes_rollup_whole"), {"now": now_s, "window_slots": LONGEST_WINDOW_S // SLOT_S}).fetchall()
    return bool(rows and rows[0][0])
