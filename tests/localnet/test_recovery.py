"""A backfill killed with SIGKILL mid-way: the next start marks its run interrupted and writes the network again, consistently."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from computescope.db import Database
from computescope.localnet.live import LiveNet, LiveSettings
from computescope.settings import Settings
from tests.support.localnet import assert_rollups_match

KILLED_AFTER_FIRST_CHUNK = """
import os, signal, sys
from computescope.db import Database
from computescope.localnet.backfill import backfill
db = Database(sys.argv[1])
backfill(db, nodes=40, days=3, seed=2, on_chunk=lambda done, total, rows: os.kill(os.getpid(), signal.SIGKILL))
"""


def test_the_next_start_recovers_a_killed_backfill(ln_settings: Settings, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_AFTER_FIRST_CHUNK, str(ln_settings.db_path)], capture_output=True, timeout=120)
    assert proc.returncode == -9
    db = Database(ln_settings.db_path)
    cur = db.cursor()
    assert cur.execute("select status from ingest_runs where source = 'localnet'").fetchall() == [("running",)]
    assert cur.execute("select count(*) from localnet_runs where finished_at is null").fetchall() == [(1,)]
    net = LiveNet(db, ln_settings, LiveSettings(nodes=40, seed=2, bootstrap_days=2))
    results = [net.tick(time.time() + i * 60) for i in range(3)]
    assert [r.status for r in results] == ["success"] * 3, [r.error for r in results]
    runs = dict(cur.execute("select status, count(*) from ingest_runs where source = 'localnet' group by status").fetchall())
    assert runs == {"failed": 1, "success": 4}  # the killed run, the new backfill and three ticks
    error = cur.execute("select error from ingest_runs where status = 'failed'").fetchall()[0][0]
    assert error.startswith("interrupted")
    assert cur.execute("select count(*) from localnet_runs where finished_at is null").fetchall() == [(0,)]
    assert cur.execute("select count(*), count(distinct node_key) from localnet_nodes").fetchall()[0][0] == \
        cur.execute("select count(distinct node_key) from localnet_nodes").fetchall()[0][0]
    assert_rollups_match(db)
    db.close()
