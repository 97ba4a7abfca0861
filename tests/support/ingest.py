"""Helpers for source tests: a fast HTTP policy, settings pointed at the fixture server, table counts and run rows."""

from __future__ import annotations

from pathlib import Path

from computescope.db import Database
from computescope.ingest.http import HttpClient, HttpPolicy
from computescope.ingest.runner import RunResult
from computescope.settings import Settings
from computescope.sources import load_settings, run_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "http"
FACT_TABLES = ("nodes", "gpu_inventory", "utilization", "prices", "revenue", "token_supply", "token_flows", "network_facts")


def fast_http() -> HttpClient:
    """Short timeouts and no real sleeping, so fault tests finish in milliseconds (never timing-dependent)."""
    return HttpClient(HttpPolicy(connect_timeout_s=1.0, read_timeout_s=0.5, retries=2, backoff_s=0.0), sleep=lambda _s: None)


def settings_for(db_path: Path, source: str, base_url: str, **secrets: str) -> Settings:
    env = {f"COMPUTESCOPE_{k.upper()}": v for k, v in secrets.items()}
    return load_settings({"db": db_path}, environ=env).with_base_url(source, base_url)


def run(db: Database, settings: Settings, source: str) -> RunResult:
    return run_source(db, settings, source, trigger="cli", http=fast_http())


def counts(db: Database) -> dict[str, int]:
    cur = db.cursor()
    return {t: cur.execute(f"select count(*) from {t}").fetchall()[0][0] for t in FACT_TABLES}


def run_row(db: Database, run_id: str) -> dict[str, object]:
    cur = db.cursor()
    row = cur.execute("select status, rows_written, error, base_url from ingest_runs where run_id = ?", [run_id]).fetchall()[0]
    landed = cur.execute("select count(*) from raw_landing where run_id = ?", [run_id]).fetchall()[0][0]
    return {"status": row[0], "rows": row[1], "error": row[2], "base_url": row[3], "landed": landed}
