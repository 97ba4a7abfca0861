"""The `computescope` command: serve the explorer, run and inspect ingest."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import NoReturn

from computescope import __version__
from computescope.db import Database, DatabaseError
from computescope.settings import Settings, SettingsError, load_settings

EXIT_USAGE = 2
EXIT_FAILED = 1


class CliError(Exception):
    """A reason to stop, printed as one line."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


def _db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="DuckDB file (default ./data/computescope.duckdb, env COMPUTESCOPE_DB)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="computescope", description="Explorer for decentralized GPU compute networks, measured against the clouds.")
    parser.add_argument("--version", action="version", version=f"computescope {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the explorer on the embedded default")
    _db_flag(serve)
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=str, help="port (default 8050)")
    serve.add_argument("--no-localnet", dest="localnet", action="store_const", const=False, help="do not run the local network")
    serve.add_argument("--offline", action="store_const", const=True, help="do not schedule jobs that reach the internet")
    serve.set_defaults(handler=_serve)

    ingest = commands.add_parser("ingest", help="run, inspect and replay ingest")
    ingest_cmds = ingest.add_subparsers(dest="ingest_command", required=True, parser_class=_Parser, metavar="ACTION")
    run = ingest_cmds.add_parser("run", help="run sources now")
    run.add_argument("sources", nargs="+", metavar="SOURCE")
    run.add_argument("--base-url", metavar="URL", help="point the source at a mirror")
    _db_flag(run)
    run.set_defaults(handler=_ingest_run)
    status = ingest_cmds.add_parser("status", help="last run and data freshness per source")
    _db_flag(status)
    status.set_defaults(handler=_ingest_status)
    replay = ingest_cmds.add_parser("replay", help="load again what a run landed")
    replay.add_argument("run_id", metavar="RUN_ID")
    _db_flag(replay)
    replay.set_defaults(handler=_ingest_replay)

    from computescope.cli_quote import add_quote_parser

    add_quote_parser(commands)
    from computescope.cli_localnet import add_localnet_parser

    add_localnet_parser(commands)
    _add_agent_parser(commands)
    return parser


def _add_agent_parser(commands: argparse._SubParsersAction) -> None:
    agent = commands.add_parser("agent", help="run this machine as a node: register, heartbeat, answer challenges")
    agent.add_argument("--collector", required=True, metavar="URL", help="the explorer that verifies nodes, e.g. http://127.0.0.1:8050")
    agent.add_argument("--key", required=True, metavar="PATH", help="Ed25519 key file (created, mode 0600, if absent)")
    agent.add_argument("--network", default="localnet", help="network the node serves (default localnet)")
    agent.add_argument("--node-id", metavar="ID", help="node id (default node-<first 12 hex of the public key>)")
    agent.add_argument("--operator", metavar="NAME", help="operator name shown in the explorer")
    agent.add_argument("--interval", type=float, default=20.0, metavar="S", help="seconds between heartbeats (default 20)")
    agent.add_argument("--count", type=int, metavar="N", help="stop after N heartbeats (default: run until stopped)")
    agent.add_argument("--once", action="store_const", const=1, dest="count", help="register, answer, one heartbeat, stop")
    agent.add_argument("--cheat-skip", type=float, default=0.0, metavar="F", help="TEST SWITCH: skip fraction F of challenge rows")
    agent.add_argument("--claim-gpu", metavar="NAME", help="TEST SWITCH: claim this GPU and pass the CPU benchmark off as its own")
    agent.set_defaults(handler=_agent)


def _settings(args: argparse.Namespace) -> Settings:
    keys = ("db", "host", "port", "localnet", "offline")
    return load_settings({k: getattr(args, k, None) for k in keys})


def _serve(args: argparse.Namespace) -> int:
    from computescope.server import serve

    return serve(_settings(args))


def _ingest_run(args: argparse.Namespace) -> int:
    from computescope.ingest.runner import run_source
    from computescope.ingest.sources.registry import SOURCES

    settings = _settings(args)
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


def _ingest_status(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    db = Database(_settings(args).db_path)
    frame = db.frame("status_sources")
    table = Table(title="ingest status")
    for column in ("source", "last run", "status", "rows", "last success", "last error"):
        table.add_column(column)
    for row in frame.iter_rows(named=True):
        table.add_row(
            row["source"],
            _when(row["last_started_at"]),
            row["last_status"] or "never run",
            f"{row['last_rows'] or 0:,}",
            _when(row["last_success_at"]),
            (row["last_error"] or "")[:80],
        )
    Console(width=160).print(table)
    return 0


def _ingest_replay(args: argparse.Namespace) -> int:
    from computescope.ingest.runner import replay_run

    db = Database(_settings(args).db_path)
    try:
        result = replay_run(db, args.run_id)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    print(f"{result.source}: replay of {args.run_id}: {result.status}, {result.rows_written} rows (run {result.run_id})")
    return 0 if result.status == "success" else EXIT_FAILED


def _agent(args: argparse.Namespace) -> int:
    from pathlib import Path
    from urllib.parse import urlparse

    from computescope.core.agent import Agent, AgentConfig, AgentError, Refused

    url = urlparse(args.collector)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise CliError(f"--collector must be an http(s) URL, not {args.collector!r}", EXIT_USAGE)
    if args.interval <= 0 or (args.count is not None and args.count < 0) or not 0 <= args.cheat_skip <= 1:
        raise CliError("--interval must be positive, --count not negative, --cheat-skip between 0 and 1", EXIT_USAGE)
    config = AgentConfig(args.collector, Path(args.key).expanduser(), args.network, args.node_id, args.operator, args.interval,
                         args.count, cheat_skip=args.cheat_skip, claim_gpu=args.claim_gpu)
    try:
        return Agent(config, say=lambda line: print(line, flush=True)).run()
    except Refused as exc:
        raise CliError(f"computescope agent: the collector refused: {exc.reason} (HTTP {exc.status})") from None
    except AgentError as exc:
        raise CliError(f"computescope agent: {exc}") from None


def _when(value: datetime | None) -> str:
    return "—" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except (SettingsError, DatabaseError) as exc:
        print(f"computescope: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, SettingsError) else EXIT_FAILED
    except KeyboardInterrupt:
        return 130
