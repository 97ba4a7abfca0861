"""The per-node availability rollup: exact windowed availability from a few runs, and incremental upkeep equal to a rebuild."""

from __future__ import annotations

import numpy as np
import polars as pl

from computescope.core.verification.signing import generate_key
from computescope.db import Database
from computescope.verify.availability import (
    BatchedRefresh,
    refresh_node_availability,
    refresh_nodes_availability,
    rollup_serves,
)
from computescope.verify.ledger import WINDOWS, ts
from computescope.verify.params import VerifyParams
from computescope.verify.reads import list_nodes, node_detail
from computescope.verify.store import VerificationStore
from tests.support.verify import NOW, registration, report

S = int(NOW // 60)
COLUMNS = ["node_id", "expected_1d", "down_1d", "expected_7d", "down_7d", "expected_30d", "down_30d", "reports"]


def _key(db: Database, node_id: str, registered_slot: int) -> None:
    db.cursor().execute("insert into node_keys (public_key, network, node_id, hardware, registered_at, source, observed_at)"
                        " values (?, 'localnet', ?, '{}', ?, 'agent', ?)", [node_id.rjust(64, "0"), node_id, ts(registered_slot * 60), ts(NOW)])


def _run(db: Database, node_id: str, first: int, last: int, beats: int = 1) -> None:
    db.cursor().execute("insert into node_heartbeat_runs values ('localnet', ?, ?, ?, ?, 'agent', ?)", [node_id, S + first, S + last, beats, ts((S + last) * 60)])


def _windows(db: Database, now: float = NOW) -> list[tuple[object, ...]]:
    frame, _ = list_nodes(db, now=now, limit=None, sort=[("node_id", "asc")])
    return [tuple(r) for r in frame.select(COLUMNS).iter_rows()]


def _scanned(db: Database, now: float) -> list[tuple[object, ...]]:
    """The availability macro over every run, the reference the rollup must equal."""
    cur = db.cursor()
    out: dict[str, list[object]] = {}
    for window in (WINDOWS["1d"], WINDOWS["7d"], WINDOWS["30d"]):
        for node_id, expected, down in cur.execute("select node_id, expected_slots, down_slots from node_availability(?, ?, 2)", [now, window]).fetchall():
            out.setdefault(node_id, []).extend([expected, down])
    beats = dict(cur.execute("select node_id, sum(beats)::bigint from node_heartbeat_runs group by node_id").fetchall())
    return [(node_id, *v, beats.get(node_id, 0)) for node_id, v in sorted(out.items())]


def test_a_few_runs_give_exact_windowed_availability_from_the_rollup(db: Database) -> None:
    _key(db, "a", S - 3000)  # a 1-slot gap (forgiven), a 99-slot gap, then silent for the last 10 slots
    _run(db, "a", -3000, -2001, 1000)
    _run(db, "a", -1999, -1500, 500)
    _run(db, "a", -1400, -11, 1390)
    _key(db, "b", S - 100)  # registered, never heard: down for its whole (short) window
    _key(db, "c", S - 50_000)  # a 54-slot gap straddles the 30-day window's start: 5 of its slots fall inside
    _run(db, "c", -50_000, -43_250)
    _run(db, "c", -43_195, -1)
    _key(db, "d", S - 2000)  # a 10-slot gap of which 1 slot is inside the 1-day window: under the grace of 2 there
    _run(db, "d", -2000, -1450)
    _run(db, "d", -1439, -1)
    assert rollup_serves(db.cursor(), NOW) is False  # nothing rolled up yet: the list scans the runs
    scanned = _windows(db)
    assert refresh_node_availability(db.cursor(), NOW) == 3
    assert rollup_serves(db.cursor(), NOW) is True
    assert _windows(db) == scanned == [
        ("a", 1440, 50, 3000, 109, 3000, 109, 2890),
        ("b", 100, 100, 100, 100, 100, 100, 0),
        ("c", 1440, 0, 10_080, 0, 43_200, 5, 2),
        ("d", 1440, 0, 2000, 10, 2000, 10, 2),
    ]
    detail = node_detail(db, "localnet", "a", now=NOW)
    assert detail is not None and detail["availability"]["1d"] == {"availability": (1440 - 50) / 1440, "expected_slots": 1440, "down_slots": 50}
    assert detail["node"]["status"] == "offline"
    # Ten minutes later with no new run: the silent tail grows by 10, the 99-slot gap slides 10 out of the day, exactly.
    later = NOW + 600
    assert rollup_serves(db.cursor(), later) is True
    assert _windows(db, later) == _scanned(db, later)
    assert _windows(db, later)[0] == ("a", 1440, 50, 3010, 119, 3010, 119, 2890)


def test_a_run_written_without_a_refresh_sends_the_list_back_to_the_runs(db: Database) -> None:
    _key(db, "a", S - 3000)
    _run(db, "a", -3000, -20)
    refresh_node_availability(db.cursor(), NOW)
    db.cursor().execute("update node_heartbeat_runs set last_slot = ?, beats = beats + 1", [S - 1])
    assert rollup_serves(db.cursor(), NOW) is False
    assert _windows(db) == _scanned(db, NOW) == [("a", 1440, 0, 3000, 0, 3000, 0, 2)]
    # A reading from before the rollup's kept gaps (more than a day before it) also goes to the runs.
    refresh_node_availability(db.cursor(), NOW)
    assert rollup_serves(db.cursor(), NOW) is True and rollup_serves(db.cursor(), NOW - 2 * 86_400) is False


def _random_fleet(db: Database, rng: np.random.Generator, nodes: int) -> None:
    for i in range(nodes):
        reg = S - int(rng.integers(0, 40 * 1440))
        _key(db, f"n{i:02d}", reg)
        slot = reg + int(rng.integers(0, 5))
        while slot < S and i % 7:  # every seventh node never sends a heartbeat
            length = int(rng.integers(1, 3000))
            _run(db, f"n{i:02d}", slot - S, min(slot + length - 1, S) - S, length)
            slot += length + int(rng.choice([1, 2, 3, 50, 900]))


def _rollup(db: Database) -> tuple[pl.DataFrame, pl.DataFrame]:
    cur = db.cursor()
    nodes = cur.sql("select network, node_id, runs, beats, last_slot, last_seen from node_availability_nodes order by all").pl()
    gaps = cur.sql("select * from node_availability_gaps order by all").pl()
    return nodes, gaps


def test_incremental_upkeep_equals_a_full_recomputation(db: Database) -> None:
    rng = np.random.default_rng(5)
    _random_fleet(db, rng, 40)
    refresh_node_availability(db.cursor(), NOW)
    cur = db.cursor()
    now = NOW
    for step in range(6):
        now += 60 * int(rng.integers(1, 400))
        s_now = int(now // 60)
        ids = [f"n{i:02d}" for i in rng.choice(40, size=8, replace=False)]
        heard = {r[0] for r in cur.execute("select distinct node_id from node_heartbeat_runs").fetchall()}
        for node_id in ids[:4]:  # heard again: the newest run extends, or a new run starts after a gap
            newest = cur.execute("select max(first_slot) from node_heartbeat_runs where node_id = ?", [node_id]).fetchall()[0][0]
            if newest is not None and rng.random() < 0.5:
                cur.execute("update node_heartbeat_runs set last_slot = ?, beats = beats + 3, observed_at = ? where node_id = ? and first_slot = ?",
                            [s_now - 1, ts(now), node_id, newest])
            else:
                cur.execute("insert into node_heartbeat_runs values ('localnet', ?, ?, ?, 1, 'agent', ?)", [node_id, s_now - 3, s_now - 1, ts(now)])
        cur.execute("delete from node_heartbeat_runs where node_id = ?", [ids[4]])  # a node forgotten
        if step % 2:
            refresh_nodes_availability(cur, [("localnet", i) for i in ids[:5]], now)  # a writer that names whom it wrote
        else:
            assert refresh_node_availability(cur, now) == 4 + (ids[4] in heard)  # a writer that finds what changed
        assert rollup_serves(cur, now) is True
        assert _windows(db, now) == _scanned(db, now)
        kept = _rollup(db)
        cur.execute("delete from node_availability_nodes")
        cur.execute("delete from node_availability_gaps")
        refresh_node_availability(cur, now)  # from scratch
        assert _rollup(db)[0].equals(kept[0])
        assert _windows(db, now) == _scanned(db, now)


def test_node_intake_keeps_the_rollup_whole(db: Database) -> None:
    store = VerificationStore(db, VerifyParams(challenge_n=64, challenge_mean_s=1e12), rng=np.random.default_rng(7))
    key = generate_key()
    store.register(registration(key), NOW)
    for t in (60, 120, 360, 480):  # extended, extended, a new run after 3 missed slots, a new run after 1
        store.accept_report(report(key, {"kind": "heartbeat", "seq": t}, NOW + t), NOW + t)
        assert rollup_serves(db.cursor(), NOW + t) is True
    assert _windows(db, NOW + 540) == _scanned(db, NOW + 540) == [("n1", 9, 3, 9, 3, 9, 3, 5)]


def test_a_batched_writer_refreshes_at_most_every_five_seconds_of_report_time(db: Database) -> None:
    upkeep, cur = BatchedRefresh(), db.cursor()
    _key(db, "a", S - 100)
    _run(db, "a", -100, -50)
    upkeep.wrote(cur, [("localnet", "a")], NOW)
    assert rollup_serves(cur, NOW) is True
    _key(db, "b", S - 100)
    _run(db, "b", -100, -1)
    upkeep.wrote(cur, [("localnet", "b")], NOW + 1)  # held back: the list reads the runs meanwhile, and is still exact
    assert rollup_serves(cur, NOW + 1) is False and upkeep.pending == {("localnet", "b")}
    assert _windows(db, NOW + 1) == _scanned(db, NOW + 1)
    upkeep.wrote(cur, [], NOW + 5)
    assert rollup_serves(cur, NOW + 5) is True and not upkeep.pending
    assert _windows(db, NOW + 5) == _scanned(db, NOW + 5)
