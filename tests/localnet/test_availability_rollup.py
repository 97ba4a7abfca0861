"""The local network keeps the node-availability rollup: after its backfill and after every live tick the node list reads it."""

from __future__ import annotations

from computescope.db import Database
from computescope.localnet.live import LiveNet, LiveSettings
from computescope.settings import Settings
from computescope.verify.availability import rollup_serves
from computescope.verify.reads import list_nodes

NOW = 1_771_000_000.0  # a fixed wall clock, 2026-02-13 16:26 UTC
COLUMNS = ["node_id", "expected_1d", "down_1d", "expected_7d", "down_7d", "expected_30d", "down_30d", "reports", "status"]


def _listed(db: Database, now: float, *, scan: bool) -> list[tuple[object, ...]]:
    cur = db.cursor()
    if scan:  # empty the rollup (inside a transaction rolled back after): the list falls back to scanning the runs
        cur.execute("begin")
        cur.execute("delete from node_availability_nodes")
        cur.execute("insert into node_availability_nodes values ('localnet', '-', 1, 1, 0, now(), 0)")
    try:
        assert rollup_serves(cur, now) is not scan
        frame, _ = list_nodes(db, now=now, limit=None, sort=[("node_id", "asc")])
    finally:
        if scan:
            cur.execute("rollback")
    return [tuple(r) for r in frame.select(COLUMNS).iter_rows()]


def test_backfill_and_ticks_keep_the_rollup_equal_to_a_scan_of_the_runs(ln_db: Database, ln_settings: Settings) -> None:
    live = LiveNet(ln_db, ln_settings, LiveSettings(nodes=30, bootstrap_days=2, seed=4))
    live.tick(NOW)  # writes two days of history (a backfill), then the first tick
    for now in (NOW, NOW + 7200):
        assert _listed(ln_db, now, scan=False) == _listed(ln_db, now, scan=True)
    rows = _listed(ln_db, NOW, scan=False)
    assert len(rows) == ln_db.cursor().execute("select count(*) from node_keys").fetchall()[0][0] > 0
    assert any(r[2] for r in rows)  # some node was down inside the last day: the windows are not all trivially full
    for i in range(1, 4):
        live.tick(NOW + 60 * i)
        assert _listed(ln_db, NOW + 60 * i, scan=False) == _listed(ln_db, NOW + 60 * i, scan=True)
