"""What every command shares: the one-line error, exit codes, the argument parser that never prints a traceback."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import NoReturn

from computescope.settings import Settings
from computescope.sources import load_settings

EXIT_USAGE = 2
EXIT_FAILED = 1


class CliError(Exception):
    """A reason to stop, printed as one line."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message} (see --help)", EXIT_USAGE)


def db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="DuckDB file (default ./data/computescope.duckdb, env COMPUTESCOPE_DB)")


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings with the flags this command was given (flags win over the environment)."""
    keys = ("db", "host", "port", "localnet", "offline")
    return load_settings({k: getattr(args, k, None) for k in keys})


def when(value: datetime | None) -> str:
    return "—" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
