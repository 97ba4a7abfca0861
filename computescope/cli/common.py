"""What every command shares: the one-line error, exit codes, the argument parser that never prints a traceback."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any, NoReturn

import requests

from computescope.db import Database, DatabaseError
from computescope.server import url_file
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


def open_for_reading(settings: Settings) -> Database | str:
    """The database, or, while `computescope serve` holds it, the running server's base URL (read-only commands ask its API)."""
    try:
        return Database(settings.db_path)
    except DatabaseError:
        address = url_file(settings.db_path)
        url = address.read_text(encoding="utf-8").strip() if address.is_file() else ""
        if not url or not _answers(url):
            raise
        return url


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/api/v1/health", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def api_get(url: str, path: str, params: dict[str, str] | None = None) -> Any:
    """GET a JSON answer from the running server; its 4xx message becomes the one-line error."""
    try:
        response = requests.get(url + path, params=params, timeout=60)
    except requests.RequestException as exc:
        raise CliError(f"the running server at {url} did not answer: {type(exc).__name__}") from None
    try:
        body = response.json()
    except ValueError:
        raise CliError(f"the running server at {url} answered {response.status_code} without JSON") from None
    if response.status_code != 200:
        message = body.get("error") if isinstance(body, dict) else None
        raise CliError(str(message or f"the running server at {url} answered {response.status_code}"),
                       EXIT_USAGE if 400 <= response.status_code < 500 else EXIT_FAILED)
    return body
