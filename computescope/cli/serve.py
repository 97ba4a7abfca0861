"""`computescope serve`: the explorer on the embedded default."""

from __future__ import annotations

import argparse

from computescope.cli.common import db_flag, settings_from
from computescope.db import storage_faults
from computescope.server import serve


def add_serve_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("serve", help="run the explorer on the embedded default")
    db_flag(parser)
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=str, help="port (default 8050)")
    parser.add_argument("--no-localnet", dest="localnet", action="store_const", const=False, help="do not run the local network")
    parser.add_argument("--offline", action="store_const", const=True, help="do not schedule jobs that reach the internet")
    parser.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with storage_faults(settings.db_path):
        return serve(settings)
