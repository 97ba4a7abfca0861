"""`computescope check`: run every data check against the database, record the outcome, exit non-zero on any bad row."""

from __future__ import annotations

import argparse

from computescope.checks import describe, record, run_checks
from computescope.cli.common import EXIT_FAILED, CliError, db_flag, settings_from
from computescope.db import Database


def add_check_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("check", help="run the data checks (sql/checks/assert_*.sql); exit 1 when any finds bad rows")
    db_flag(parser)
    parser.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace) -> int:
    db = Database(settings_from(args).db_path)
    try:
        results = run_checks(db)
        record(db, results)
    finally:
        db.close()
    for result in results:
        print(describe(result))
    failed = [r.name for r in results if not r.passed]
    if failed:
        raise CliError(f"computescope check: {len(failed)} check(s) failed: {', '.join(failed)}", EXIT_FAILED)
    return 0
