"""The run log: a run a killed process left 'running' is marked aborted at the next run, which then succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from computescope.db import Database
from computescope.ingest.runner import OWNER
from tests.support.httpserver import FixtureServer, Reply
from tests.support.ingest import FIXTURES, run, settings_for

CHILD = """
import sys
from computescope.db import Database
from computescope.ingest.runner import OWNER
from computescope.sources import run_source
from tests.support.ingest import settings_for
db = Database(sys.argv[1])
run_source(db, settings_for(sys.argv[1], 'aethir', sys.argv[2]), 'aethir')
"""
REVENUE = "/protocol/demand-metrics/historical-network-revenue"


def test_a_run_killed_mid_fetch_is_aborted_and_the_next_run_succeeds(tmp_path: Path, http_server: FixtureServer) -> None:
    path = tmp_path / "killed.duckdb"
    Database(path).close()
    # the endpoint holds the child's request open until it is killed (it never answers in time)
    http_server.route(REVENUE, Reply(200, b"{}", delay_s=30))
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), http_server.url], cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)})
    try:
        deadline = time.monotonic() + 60
        while not http_server.hits[REVENUE] and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert http_server.hits[REVENUE], "the child never reached the endpoint"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()

    http_server.file(REVENUE, FIXTURES / "aethir" / "historical-network-revenue.json")
    db = Database(path)
    try:
        cur = db.cursor()
        assert cur.execute("select status from ingest_runs").fetchall() == [("running",)]
        result = run(db, settings_for(path, "aethir", http_server.url), "aethir")
        assert result.status == "success", result.error
        runs = dict(cur.execute("select status, error from ingest_runs order by started_at").fetchall())
        assert runs == {"aborted": "aborted: the process running it ended before it finished", "success": None}
        # the killed run had landed nothing and loaded nothing (its transaction never began): nothing to roll back
        assert cur.execute("select count(*) from raw_landing where run_id <> ?", [result.run_id]).fetchall() == [(0,)]
    finally:
        db.close()


def test_a_run_of_this_process_still_running_is_left_alone(tmp_path: Path, http_server: FixtureServer) -> None:
    db = Database(tmp_path / "live.duckdb")
    try:
        cur = db.cursor()
        cur.execute("insert into ingest_runs (run_id, source, status, trigger, started_at, owner) values ('mine', 'x', 'running', 'cli', now(), ?)",
                    [OWNER])
        http_server.file(REVENUE, FIXTURES / "aethir" / "historical-network-revenue.json")
        assert run(db, settings_for(tmp_path / "live.duckdb", "aethir", http_server.url), "aethir").status == "success"
        assert cur.execute("select status from ingest_runs where run_id = 'mine'").fetchall() == [("running",)]
    finally:
        db.close()
