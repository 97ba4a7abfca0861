"""`computescope web`: stateless web workers under gunicorn that serve the snapshots `computescope worker` publishes."""

from __future__ import annotations

import argparse

from computescope.cli.common import EXIT_USAGE, CliError, db_flag, settings_from
from computescope.deploy.web import run_web


def add_web_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("web", help="serve the explorer from the worker's snapshots with N gunicorn workers")
    db_flag(parser)
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=str, help="port (default 8050)")
    parser.add_argument("--workers", type=int, default=2, help="web worker processes (default 2)")
    parser.set_defaults(handler=web_command)


def web_command(args: argparse.Namespace) -> int:
    if not 1 <= args.workers <= 64:
        raise CliError("computescope web: --workers must be from 1 to 64", EXIT_USAGE)
    return run_web(settings_from(args), args.workers)
