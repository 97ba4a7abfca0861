"""`computescope localnet`: write the local network's history at any scale, or step the live network by hand."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from computescope.cli.common import EXIT_USAGE, CliError, settings_from
from computescope.db import Database, storage_faults
from computescope.localnet.backfill import backfill, check
from computescope.localnet.live import LiveNet, LiveSettings, LocalnetSettingsError

TOKEN_MODELS = ("BME", "SFA")


def add_localnet_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("localnet", help="the local network: backfill its history, step it by hand")
    actions = parser.add_subparsers(dest="localnet_command", required=True, parser_class=type(parser), metavar="ACTION")
    backfill = actions.add_parser("backfill", help="simulate N nodes for D days ending now and write every table (replaces the local network)")
    backfill.add_argument("--nodes", type=int, default=1000, help="nodes in the fleet (default 1000)")
    backfill.add_argument("--days", type=int, default=30, help="days of history ending at this hour (default 30)")
    backfill.add_argument("--seed", type=int, default=1, help="seed: the same seed gives the same network (default 1)")
    backfill.add_argument("--token-model", dest="token_model", type=str.upper, default="BME", choices=TOKEN_MODELS,
                          help="how tenants' payments reach the LOCAL token (default BME)")
    backfill.add_argument("--db", metavar="PATH", help="DuckDB file (default ./data/computescope.duckdb, env COMPUTESCOPE_DB)")
    backfill.set_defaults(handler=backfill_command)
    tick = actions.add_parser("tick", help="advance the live local network by N simulated hours now, through the ingest runner")
    tick.add_argument("--count", type=int, default=1, help="ticks to run (default 1)")
    tick.add_argument("--db", metavar="PATH", help="DuckDB file (default ./data/computescope.duckdb, env COMPUTESCOPE_DB)")
    tick.set_defaults(handler=tick_command)


def _size(path: str) -> str:
    p = Path(path)
    total = sum(f.stat().st_size for f in (p, p.with_name(p.name + ".wal")) if f.exists())
    return f"{total / 1e9:.2f} GB" if total >= 1e9 else f"{total / 1e6:.1f} MB"


def backfill_command(args: argparse.Namespace) -> int:
    try:
        check(args.nodes, args.days, args.seed)
    except ValueError as exc:
        raise CliError(f"computescope localnet backfill: {exc}", EXIT_USAGE) from None
    settings = settings_from(args)
    with storage_faults(settings.db_path):
        return _backfill(args, settings.db_path)


def _backfill(args: argparse.Namespace, path: Path) -> int:
    db = Database(path)
    console = Console(stderr=True)
    columns = (TextColumn("[bold]backfill"), BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f} h"),
               TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("backfill", total=args.days * 24, rows=0)
        result, _net = backfill(db, nodes=args.nodes, days=args.days, seed=args.seed, token_model=args.token_model,
                                on_chunk=lambda done, _total, rows: progress.update(task, completed=done, rows=rows))
    db.close()
    hours = db_rows(path)
    print(f"localnet: {result.nodes:,} nodes × {result.days} days (seed {args.seed}, {args.token_model}) in {result.seconds:.1f} s: "
          f"{hours:,} node-hours, {result.rows:,} rows written; database {_size(str(path))} ({path})")
    return 0


def db_rows(path: object) -> int:
    db = Database(str(path))
    try:
        return int(db.cursor().execute("select count(*) from localnet_node_hours").fetchall()[0][0])
    finally:
        db.close()


def tick_command(args: argparse.Namespace) -> int:
    if not 1 <= args.count <= 10_000:
        raise CliError(f"computescope localnet tick: --count must be between 1 and 10,000, not {args.count}", EXIT_USAGE)
    try:
        live = LiveSettings.from_env()
    except LocalnetSettingsError as exc:
        raise CliError(f"computescope localnet tick: {exc}", EXIT_USAGE) from None
    settings = settings_from(args)
    with storage_faults(settings.db_path):
        return _ticks(LiveNet(Database(settings.db_path), settings, live), args.count)


def _ticks(net: LiveNet, count: int) -> int:
    worst = 0
    for _ in range(count):
        started = time.monotonic()
        result = net.tick()
        detail = f"{result.rows_written} rows" if result.status == "success" else (result.error or "")
        print(f"localnet tick: {result.status} in {time.monotonic() - started:.2f}s, {detail} (run {result.run_id})", flush=True)
        worst = max(worst, 0 if result.status == "success" else 1)
    return worst
