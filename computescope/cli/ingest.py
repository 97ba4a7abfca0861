"""`computescope ingest`: run sources now, show their status, replay what a run landed."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from computescope.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    CliError,
    Parser,
    api_get,
    db_flag,
    open_for_reading,
    settings_from,
    when,
)
from computescope.db import Database
from computescope.sources import SOURCES, replay_run, run_source


def add_ingest_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ingest = commands.add_parser("ingest", help="run, inspect and replay ingest")
    actions = ingest.add_subparsers(dest="ingest_command", required=True, parser_class=Parser, metavar="ACTION")
    run = actions.add_parser("run", help="run sources now")
    run.add_argument("sources", nargs="+", metavar="SOURCE")
    run.add_argument("--base-url", metavar="URL", help="point the source at a mirror")
    db_flag(run)
    run.set_defaults(handler=ingest_run)
    status = actions.add_parser("status", help="last run and data freshness per source")
    db_flag(status)
    status.set_defaults(handler=ingest_status)
    replay = actions.add_parser("replay", help="load again what a run landed")
    replay.add_argument("run_id", metavar="RUN_ID")
    db_flag(replay)
    replay.set_defaults(handler=ingest_replay)


def ingest_run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    unknown = [s for s in args.sources if s not in SOURCES]
    if unknown:
        raise CliError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(SOURCES)}", EXIT_USAGE)
    if args.base_url:
        if len(args.sources) != 1:
            raise CliError("--base-url points one source at a mirror: name exactly one source", EXIT_USAGE)
        settings = settings.with_base_url(args.sources[0], args.base_url)
    db = Database(settings.db_path)
    worst = 0
    for name in args.sources:
        result = run_source(db, settings, name, trigger="cli")
        detail = f"{result.rows_written} rows" if result.status == "success" else (result.error or "")
        print(f"{name}: {result.status} in {result.duration_s:.2f}s, {detail} (run {result.run_id})")
        if result.status == "failed":
            worst = EXIT_FAILED
    return worst


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def ingest_status(args: argparse.Namespace) -> int:
    source = open_for_reading(settings_from(args))
    if isinstance(source, str):
        rows: list[dict[str, Any]] = api_get(source, "/api/v1/health")["sources"]
    else:
        rows = source.frame("status_sources").to_dicts()
    table = Table(title="ingest status")
    for column in ("source", "last run", "status", "rows", "last success", "last error"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["source"],
            when(_time(row["last_started_at"])),
            row["last_status"] or "never run",
            f"{row['last_rows'] or 0:,}",
            when(_time(row["last_success_at"])),
            (row["last_error"] or "")[:80],
        )
    Console(width=160).print(table)
    if not any(row["last_success_at"] for row in rows):
        print("no source has loaded yet: load the bundled snapshot with `computescope ingest run snapshot`")
    return 0


def ingest_replay(args: argparse.Namespace) -> int:
    db = Database(settings_from(args).db_path)
    try:
        result = replay_run(db, args.run_id)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    print(f"{result.source}: replay of {args.run_id}: {result.status}, {result.rows_written} rows (run {result.run_id})")
    return 0 if result.status == "success" else EXIT_FAILED
