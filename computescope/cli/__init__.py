"""The `computescope` command: one module per command group; this one assembles them and prints errors in one line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from computescope import __version__
from computescope.cli.agent import add_agent_parser
from computescope.cli.check import add_check_parser
from computescope.cli.common import EXIT_FAILED, EXIT_USAGE, CliError, Parser
from computescope.cli.export import add_export_parser
from computescope.cli.ingest import add_ingest_parser
from computescope.cli.localnet import add_localnet_parser
from computescope.cli.quote import add_quote_parser
from computescope.cli.serve import add_serve_parser
from computescope.cli.web import add_web_parser
from computescope.cli.worker import add_worker_parser
from computescope.db import DatabaseError
from computescope.settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="computescope", description="Explorer for decentralized GPU compute networks, measured against the clouds.")
    parser.add_argument("--version", action="version", version=f"computescope {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")
    for add in (add_serve_parser, add_ingest_parser, add_quote_parser, add_localnet_parser, add_agent_parser, add_check_parser,
                add_export_parser, add_worker_parser, add_web_parser):
        add(commands)
    return parser


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
