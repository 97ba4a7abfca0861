"""A year (or any span) of the local network written at explorer scale: day chunks through the core, Arrow into DuckDB."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl

from computescope.db import Database, query_text, write_text
from computescope.localnet import store
from computescope.localnet.sim.fleet import FleetParams
from computescope.localnet.sim.network import LocalNet, LocalNetConfig
from computescope.localnet.sim.tokens import TokenParams

MAX_NODES = 200_000
MAX_DAYS = 3_650


@dataclass(frozen=True)
class BackfillResult:
    run_id: str
    nodes: int
    days: int
    start_hour: int
    end_hour: int
    rows: int
    seconds: float


def check(nodes: int, days: int, seed: int) -> None:
    """One-line reasons for arguments a backfill cannot use."""
    if not 1 <= nodes <= MAX_NODES:
        raise ValueError(f"--nodes must be between 1 and {MAX_NODES:,}, not {nodes}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"--days must be between 1 and {MAX_DAYS:,}, not {days}")
    if not 0 <= seed < 2**63:
        raise ValueError(f"--seed must be a whole number from 0 to 2^63 - 1, not {seed}")


def chunk_bounds(start_hour: int, end_hour: int) -> list[tuple[int, int]]:
    """[h0, h1) chunks cut at UTC midnights, so each day is settled and rolled up whole."""
    cuts = [start_hour, *range((start_hour // 24 + 1) * 24, end_hour, 24), end_hour]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _runs_row(db: Database, run_id: str, mode: str, config: LocalNetConfig, clock: int, finished: bool) -> None:
    cur = db.cursor()
    cur.execute(write_text("localnet_run_delete"), [run_id])
    cur.execute(
        write_text("localnet_run_insert"),
        [run_id, mode, config.seed, config.nodes, config.tokens.model, store.hour_ts(config.start_hour), config.hours,
         config.fleet.join_after_hours, store.hour_ts(clock), datetime.now(UTC), datetime.now(UTC) if finished else None],
    )


def _ingest_run(db: Database, run_id: str, trigger: str, status: str, rows: int, started: float, error: str | None = None) -> None:
    cur = db.cursor()
    if status == "running":
        cur.execute(write_text("localnet_ingest_run_start"), [run_id, trigger, datetime.now(UTC)])
        return
    cur.execute(write_text("localnet_ingest_run_finish"),
                [status, rows, datetime.now(UTC), time.monotonic() - started, error, run_id])


def recover(db: Database, live_runs: tuple[str, ...] = ()) -> list[str]:
    """After a process was killed mid-run: mark its local-network ingest runs failed (interrupted) and report the backfills
    that never finished, whose partial rows the caller replaces by writing the network again. Returns their run ids."""
    cur = db.cursor()
    broken = [r[0] for r in cur.sql(query_text("localnet_interrupted")).fetchall()]
    cur.execute(write_text("localnet_abort_runs"), {"now": datetime.now(UTC), "live": list(live_runs)})
    if broken:
        cur.execute(write_text("localnet_runs_drop_unfinished"))
    return broken


def backfill(db: Database, *, nodes: int, days: int, seed: int, token_model: str = "BME", now_s: float | None = None,
             trigger: str = "cli", join_after_hours: int = 0,
             on_chunk: Callable[[int, int, int], None] | None = None) -> tuple[BackfillResult, LocalNet]:
    """Simulate `days` whole hours ending at the hour of `now_s` (default: the wall clock) and write every table.

    An earlier local network is replaced. Heartbeat runs of the nodes up at the end reach `now_s`, so they read as heard now.
    With `join_after_hours`, some nodes are yet to register when the span ends (a live network continues it and they appear).

    `on_chunk(done_hours, total_hours, rows)` is called after each chunk (a progress bar listens).
    """
    check(nodes, days, seed)
    now_s = time.time() if now_s is None else now_s
    end = int(now_s // 3600)
    config = LocalNetConfig(seed=seed, nodes=nodes, start_hour=end - days * 24, hours=days * 24, tokens=TokenParams(model=token_model),
                            fleet=FleetParams(join_after_hours=join_after_hours))
    started = time.monotonic()
    run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-localnet-{uuid.uuid4().hex[:8]}"
    net = LocalNet(config)
    cur = db.cursor()
    recover(db)
    _ingest_run(db, run_id, trigger, "running", 0, started)
    try:
        rows = _write(db, net, run_id, on_chunk, int(now_s // 60))
    except BaseException as exc:
        _ingest_run(db, run_id, trigger, "failed", 0, started, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        raise
    _ingest_run(db, run_id, trigger, "success", rows, started)
    cur.execute("checkpoint")
    return BackfillResult(run_id, nodes, days, config.start_hour, end, rows, time.monotonic() - started), net


def _write(db: Database, net: LocalNet, run_id: str, on_chunk: Callable[[int, int, int], None] | None, end_slot: int) -> int:
    cur = db.cursor()
    config = net.config
    with _transaction(db):
        store.reset(cur)
        rows = store.write_fleet(cur, net, run_id, config.end_hour)
        _runs_row(db, run_id, "backfill", config, config.start_hour, finished=False)
    outages: list[pl.DataFrame] = []
    last_up = np.ones(config.nodes, dtype=bool)
    done = 0
    for h0, h1 in chunk_bounds(config.start_hour, config.end_hour):
        chunk = net.run(h0, h1 - h0)
        with _transaction(db):
            rows += store.write_chunk(cur, net, chunk, run_id)
            _runs_row(db, run_id, "backfill", config, h1, finished=False)
        outages.append(chunk.outages)
        last_up = chunk.up[-1]
        done += h1 - h0
        if on_chunk is not None:
            on_chunk(done, config.hours, rows)
    with _transaction(db):
        rows += store.write_end(cur, net, pl.concat(outages), last_up, run_id, end_slot * 60.0)
        _runs_row(db, run_id, "backfill", config, config.end_hour, finished=True)
    return rows


class _transaction:
    """begin … commit, or rollback on any exception."""

    def __init__(self, db: Database) -> None:
        self.cur = db.cursor()

    def __enter__(self) -> None:
        self.cur.execute("begin")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.cur.execute("rollback" if kind else "commit")
