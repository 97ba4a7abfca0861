"""Runs a source: land every payload, then parse and load each resource in its own transaction, log the run and its resources."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from computescope.checks import check_after_run
from computescope.db import Database, write_text
from computescope.ingest.base import (
    FetchContext,
    Payload,
    ResourceSource,
    SourceModule,
    SourceSkipped,
    per_resource,
)
from computescope.ingest.http import HttpClient
from computescope.ingest.landing import land, landed
from computescope.ingest.load import load_frame
from computescope.settings import Settings

log = logging.getLogger(__name__)


OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"   # this process, in the runs it starts
PROCESS_STARTED = datetime.now(UTC)
WHOLE = "*"   # the resource name of a source that fetches and loads as one unit


@dataclass(frozen=True)
class ResourceResult:
    """One resource of a run: loaded with its rows, or failed with its one-line reason."""

    resource: str
    status: str
    rows: int
    error: str | None


@dataclass(frozen=True)
class RunResult:
    run_id: str
    source: str
    status: str
    rows_written: int
    duration_s: float
    error: str | None
    resources: tuple[ResourceResult, ...] = ()


def new_run_id(source: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{source}-{uuid.uuid4().hex[:8]}"


def abort_interrupted(cur: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Mark 'aborted' every run a killed process left 'running'; return (run_id, source) of each."""
    aborted = cur.execute(write_text("ingest_runs_abort"), [datetime.now(UTC), OWNER, PROCESS_STARTED]).fetchall()
    for run_id, source in aborted:
        log.warning("ingest %s: run %s was left running by a process that ended; marked aborted", source, run_id)
    return [(run_id, source) for run_id, source in aborted]


def _start(cur: duckdb.DuckDBPyConnection, run_id: str, source: str, trigger: str, base_url: str | None) -> None:
    abort_interrupted(cur)
    cur.execute(write_text("ingest_run_start"), [run_id, source, trigger, base_url, datetime.now(UTC), OWNER])


def _finish(cur: duckdb.DuckDBPyConnection, run_id: str, status: str, rows: int, started: float, error: str | None) -> float:
    duration = time.monotonic() - started
    cur.execute(write_text("ingest_run_finish"), [status, rows, datetime.now(UTC), duration, error, run_id])
    return duration


def _load_payloads(cur: duckdb.DuckDBPyConnection, module: SourceModule, payloads: list[Payload], run_id: str) -> int:
    frames = module.parse(payloads)
    cur.execute("begin")
    try:
        rows = sum(load_frame(cur, table, frame, run_id) for table, frame in frames.items())
        if "nodes" in frames:  # nodes keeps only the current row: each provider's day is counted before the next poll replaces it
            cur.execute(write_text("provider_days_rollup"), {"run_id": run_id})
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    return rows


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else 'no message'}"


def _fetch_resources(cur: duckdb.DuckDBPyConnection, module: ResourceSource, ctx: FetchContext) -> dict[str, list[Payload] | str]:
    """Each resource's landed payload, or its one-line fetch error; a skip (no token, ...) ends the whole run."""
    fetched: dict[str, list[Payload] | str] = {}
    for resource in module.RESOURCES:
        try:
            payload = module.fetch_resource(ctx, resource)
        except SourceSkipped:
            raise
        except Exception as exc:  # one endpoint's fault is that resource's, the others are still fetched
            fetched[resource.name] = _one_line(exc)
            continue
        land(cur, ctx.run_id, module.IDENTITY.name, payload)
        fetched[resource.name] = [payload]
    return fetched


def _fetch_whole(cur: duckdb.DuckDBPyConnection, module: SourceModule, ctx: FetchContext) -> dict[str, list[Payload] | str]:
    """A source that loads as one unit: every payload landed as it comes; a fault fails the unit (the run)."""
    payloads: list[Payload] = []
    for payload in module.fetch(ctx):
        land(cur, ctx.run_id, module.IDENTITY.name, payload)
        payloads.append(payload)
    return {WHOLE: payloads}


def _load_each(
    cur: duckdb.DuckDBPyConnection, module: SourceModule, fetched: dict[str, list[Payload] | str], run_id: str
) -> tuple[ResourceResult, ...]:
    """Parse and load each resource in its own transaction; a resource that fails leaves the others loaded."""
    results = []
    for resource, got in fetched.items():
        if isinstance(got, str):
            results.append(ResourceResult(resource, "failed", 0, got))
            continue
        try:
            rows = _load_payloads(cur, module, got, run_id)
        except Exception as exc:  # a bad payload fails its resource only; it stays landed for replay
            results.append(ResourceResult(resource, "failed", 0, _one_line(exc)))
            continue
        results.append(ResourceResult(resource, "loaded", rows, None))
    return tuple(results)


def _record(cur: duckdb.DuckDBPyConnection, run_id: str, source: str, results: tuple[ResourceResult, ...]) -> None:
    if len(results) == 1 and results[0].resource == WHOLE:
        return  # one unit: the run row says it all
    now = datetime.now(UTC)
    for r in results:
        cur.execute(write_text("ingest_run_resource"), [run_id, source, r.resource, r.status, r.rows, r.error, now])


def outcome(results: tuple[ResourceResult, ...]) -> tuple[str, str | None]:
    """success when every resource loaded, failed when none did, partial otherwise; the error names what failed."""
    failed = [r for r in results if r.status == "failed"]
    if not failed:
        return "success", None
    error = failed[0].error or "failed"
    if len(results) > 1:
        error = f"{failed[0].resource}: {error}"
    if len(failed) > 1:
        error += f" (and {len(failed) - 1} more: {', '.join(r.resource for r in failed[1:])})"
    return ("failed" if len(failed) == len(results) else "partial"), error


def _conclude(
    cur: duckdb.DuckDBPyConnection, run_id: str, name: str, started: float, results: tuple[ResourceResult, ...]
) -> RunResult:
    _record(cur, run_id, name, results)
    status, error = outcome(results)
    rows = sum(r.rows for r in results)
    if status == "failed":
        log.warning("ingest %s failed: %s", name, error)
    elif status == "partial":
        log.warning("ingest %s partly failed: %s", name, error)
    duration = _finish(cur, run_id, status, rows, started, error)
    return RunResult(run_id, name, status, rows, duration, error, results)


def run(db: Database, settings: Settings, module: SourceModule, trigger: str = "cli", http: HttpClient | None = None) -> RunResult:
    """Fetch, land, parse and load one source; never raises for a source fault, the run row says what happened."""
    name = module.IDENTITY.name
    source = settings.source(name)
    cur = db.cursor()
    run_id = new_run_id(name)
    started = time.monotonic()
    _start(cur, run_id, name, trigger, source.base_url or None)
    ctx = FetchContext(settings, source, run_id, http or HttpClient())
    resources = per_resource(module)
    try:
        fetched = _fetch_resources(cur, resources, ctx) if resources is not None else _fetch_whole(cur, module, ctx)
    except SourceSkipped as exc:
        duration = _finish(cur, run_id, "skipped", 0, started, str(exc))
        return RunResult(run_id, name, "skipped", 0, duration, str(exc))
    except Exception as exc:  # a source fault of any kind ends this run, never the process
        fetched = {WHOLE: _one_line(exc)}
    result = _conclude(cur, run_id, name, started, _load_each(cur, module, fetched, run_id))
    check_after_run(db, run_id)
    return result


def replay(db: Database, run_id: str, modules: Mapping[str, SourceModule]) -> RunResult:
    """Parse and load what an earlier run landed, as a new run with trigger 'replay' (resource by resource, as it ran)."""
    cur = db.cursor()
    name, payloads = landed(cur, run_id)
    if name not in modules:
        raise LookupError(f"run {run_id} belongs to source {name!r}, which this installation does not have")
    module = modules[name]
    new_id = new_run_id(name)
    started = time.monotonic()
    _start(cur, new_id, name, "replay", None)
    fetched: dict[str, list[Payload] | str] = {}
    if per_resource(module) is None:
        fetched[WHOLE] = payloads
    else:
        for payload in payloads:
            fetched.setdefault(payload.resource, []).append(payload)  # type: ignore[union-attr]
    result = _conclude(cur, new_id, name, started, _load_each(cur, module, fetched, new_id))
    check_after_run(db, new_id)
    return result
