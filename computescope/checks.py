"""Data checks: every sql/checks/assert_*.sql selects the rows that break one invariant; run them, record them, report them."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from computescope.db import SQL_ROOT, Database, read_frame, write_text

log = logging.getLogger(__name__)
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class CheckResult:
    name: str                   # assert_<what>
    bad_rows: int               # 0 = passed
    sample: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return self.bad_rows == 0


def check_names() -> list[str]:
    """Every check, by file name without .sql, in name order."""
    return sorted(e.name.removesuffix(".sql") for e in (SQL_ROOT / "checks").iterdir() if re.fullmatch(r"assert_[a-z0-9_]+\.sql", e.name))


def run_checks(db: Database) -> list[CheckResult]:
    """Run every check; each answers its bad rows, of which a few are kept as a sample."""
    cur = db.cursor()
    results = []
    for name in check_names():
        sql = (SQL_ROOT / "checks" / f"{name}.sql").read_text(encoding="utf-8")
        bad = read_frame(cur, sql)
        sample = json.loads(bad.head(SAMPLE_ROWS).write_json()) if bad.height else []
        results.append(CheckResult(name, bad.height, sample))
    return results


def record(db: Database, results: list[CheckResult], run_id: str | None = None) -> str:
    """Store one outcome per check under one check id (the run's id when the checks followed a run); return that id."""
    now = datetime.now(UTC)
    check_id = run_id or f"check-{now:%Y%m%dT%H%M%S%fZ}"
    cur = db.cursor()
    for r in results:
        cur.execute(write_text("check_result_insert"), [check_id, run_id, r.name, r.bad_rows, json.dumps(r.sample, default=str), now])
    return check_id


def check_after_run(db: Database, run_id: str) -> list[CheckResult]:
    """Run and record every check after an ingest run; a failing check is logged, never fails the run that loaded the data."""
    try:
        results = run_checks(db)
        record(db, results, run_id)
    except duckdb.Error as exc:
        log.warning("data checks after run %s could not run: %s", run_id, str(exc).splitlines()[0])
        return []
    for r in results:
        if not r.passed:
            log.warning("data check %s: %d bad row(s) after run %s, e.g. %s", r.name, r.bad_rows, run_id, r.sample[:1])
    return results


def latest_results(db: Database) -> pl.DataFrame:
    """The newest outcome of every check."""
    return db.frame("checks_latest")


def describe(result: CheckResult) -> str:
    """One line per check: 'ok' or 'FAILED' with the count and the first bad row."""
    if result.passed:
        return f"ok      {result.name}"
    first = ", ".join(f"{k}={v}" for k, v in result.sample[0].items()) if result.sample else ""
    return f"FAILED  {result.name}: {result.bad_rows} bad row(s); first: {first}"
