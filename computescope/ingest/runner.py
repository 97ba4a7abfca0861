"""Runs a source: land every payload, parse, load all tables in one transaction, log the run."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from computescope.db import Database
from computescope.ingest.base import FetchContext, Payload, SourceModule, SourceSkipped
from computescope.ingest.http import HttpClient
from computescope.ingest.landing import land, landed
from computescope.ingest.load import load_frame
from computescope.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    run_id: str
    source: str
    status: str
    rows_written: int
    duration_s: float
    error: str | None


def new_run_id(source: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{source}-{uuid.uuid4().hex[:8]}"


def _start(cur: duckdb.DuckDBPyConnection, run_id: str, source: str, trigger: str, base_url: str | None) -> None:
    cur.execute(
        "insert into ingest_runs (run_id, source, status, trigger, base_url, started_at) values (?, ?, 'running', ?, ?, ?)",
        [run_id, source, trigger, base_url, datetime.now(UTC)],
    )


def _finish(cur: duckdb.DuckDBPyConnection, run_id: str, status: str, rows: int, started: float, error: str | None) -> float:
    duration = time.monotonic() - started
    cur.execute(
        "update ingest_runs set status = ?, rows_written = ?, finished_at = ?, duration_s = ?, error = ? where run_id = ?",
        [status, rows, datetime.now(UTC), duration, error, run_id],
    )
    return duration


def _load_payloads(cur: duckdb.DuckDBPyConnection, module: SourceModule, payloads: list[Payload], run_id: str) -> int:
    frames = module.parse(payloads)
    cur.execute("begin")
    try:
        rows = sum(load_frame(cur, table, frame, run_id) for table, frame in frames.items())
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    return rows


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else 'no message'}"


def run(db: Database, settings: Settings, module: SourceModule, trigger: str = "cli", http: HttpClient | None = None) -> RunResult:
    """Fetch, land, parse and load one source; never raises for a source fault, the run row says what happened."""
    name = module.IDENTITY.name
    source = settings.source(name)
    cur = db.cursor()
    run_id = new_run_id(name)
    started = time.monotonic()
    _start(cur, run_id, name, trigger, source.base_url or None)
    payloads: list[Payload] = []
    try:
        for payload in module.fetch(FetchContext(settings, source, run_id, http or HttpClient())):
            land(cur, run_id, name, payload)
            payloads.append(payload)
        rows = _load_payloads(cur, module, payloads, run_id)
    except SourceSkipped as exc:
        duration = _finish(cur, run_id, "skipped", 0, started, str(exc))
        return RunResult(run_id, name, "skipped", 0, duration, str(exc))
    except Exception as exc:  # a source fault of any kind ends this run, never the process
        log.warning("ingest %s failed: %s", name, exc)
        error = _one_line(exc)
        duration = _finish(cur, run_id, "failed", 0, started, error)
        return RunResult(run_id, name, "failed", 0, duration, error)
    duration = _finish(cur, run_id, "success", rows, started, None)
    return RunResult(run_id, name, "success", rows, duration, None)


def replay(db: Database, run_id: str, modules: Mapping[str, SourceModule]) -> RunResult:
    """Parse and load what an earlier run landed, as a new run with trigger 'replay'."""
    cur = db.cursor()
    name, payloads = landed(cur, run_id)
    if name not in modules:
        raise LookupError(f"run {run_id} belongs to source {name!r}, which this installation does not have")
    module = modules[name]
    new_id = new_run_id(name)
    started = time.monotonic()
    _start(cur, new_id, name, "replay", None)
    try:
        rows = _load_payloads(cur, module, payloads, new_id)
    except Exception as exc:
        error = _one_line(exc)
        duration = _finish(cur, new_id, "failed", 0, started, error)
        return RunResult(new_id, name, "failed", 0, duration, error)
    duration = _finish(cur, new_id, "success", rows, started, None)
    return RunResult(new_id, name, "success", rows, duration, None)
