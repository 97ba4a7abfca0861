"""The live network: a tick goes through run_source like any source, replays add nothing, hours fold into the hourly table."""

from __future__ import annotations

import pytest

from computescope.db import Database
from computescope.localnet.job import localnet_job
from computescope.localnet.live import LiveNet, LiveSettings, LocalnetSettingsError
from computescope.settings import Settings
from computescope.sources import replay_run, run_source
from tests.support.localnet import assert_rollups_match

SHARED = ("nodes", "gpu_inventory", "utilization", "prices", "token_flows", "token_supply", "network_facts", "networks", "providers")
NOW = 1_771_000_000.0  # a fixed wall clock, 2026-02-13 16:26 UTC


def counts(db: Database) -> dict[str, int]:
    cur = db.cursor()
    return {t: cur.execute(f"select count(*) from {t}").fetchall()[0][0] for t in SHARED}


@pytest.fixture
def live(ln_db: Database, ln_settings: Settings) -> LiveNet:
    net = LiveNet(ln_db, ln_settings, LiveSettings(nodes=30, bootstrap_days=1, seed=4))
    net.tick(NOW)  # the first tick writes a day of history first
    return net


def test_a_tick_is_an_ingest_run_of_source_localnet(live: LiveNet, ln_db: Database) -> None:
    result = live.tick(NOW + 60)
    assert result.status == "success" and result.rows_written > 0
    cur = ln_db.cursor()
    row = cur.execute("select source, status, trigger from ingest_runs where run_id = ?", [result.run_id]).fetchall()
    assert row == [("localnet", "success", "scheduler")]
    landed = cur.execute("select resource, content_type from raw_landing where run_id = ?", [result.run_id]).fetchall()
    assert {"utilization", "gpu_inventory", "prices", "token_flows"} <= {r for r, _ in landed}
    assert {c for _, c in landed} == {"application/vnd.apache.arrow.stream"}
    slot = int((NOW + 60) // 60)
    heard = cur.execute("select count(*) from node_heartbeat_runs where source = 'localnet' and last_slot = ?", [slot]).fetchall()[0][0]
    up = int(live.prev_up.sum()) if live.prev_up is not None else 0
    assert heard == up > 0
    point = cur.execute("select count(*) from utilization where network = 'localnet' and period = 'point'").fetchall()[0][0]
    assert point >= 2
    # a live tick happens now: nothing it writes is dated after the wall clock (its simulated hour runs ahead)
    for sql in ("select max(epoch(happened_at)) from localnet_events", "select max(epoch(starts_at)) from localnet_leases",
                "select max(epoch(observed_at)) from gpu_inventory where source = 'localnet'"):
        assert cur.execute(sql).fetchall()[0][0] <= NOW + 60 + 1e-6, sql


def test_replaying_a_tick_adds_nothing(live: LiveNet, ln_db: Database) -> None:
    result = live.tick(NOW + 60)
    before = counts(ln_db)
    replay = replay_run(ln_db, result.run_id)
    assert replay.status == "success"
    assert counts(ln_db) == before


def test_without_a_pending_tick_the_source_is_skipped(ln_db: Database, ln_settings: Settings) -> None:
    result = run_source(ln_db, ln_settings, "localnet")
    assert result.status == "skipped" and "own schedule" in (result.error or "")


def test_ticks_fold_into_wall_clock_hours(live: LiveNet, ln_db: Database) -> None:
    cur = ln_db.cursor()
    before = cur.execute("select count(*) from localnet_node_hours").fetchall()[0][0]
    for i in range(1, 4):
        live.tick(NOW + 60 * i)
    registered = cur.execute("select count(*) from node_keys where source = 'localnet'").fetchall()[0][0]
    live.tick(NOW + 3600)  # the first tick of the next hour writes the last one
    hour = int(NOW // 3600) * 3600
    rows = cur.execute("select count(*) from localnet_node_hours where epoch(hour) = ?", [hour]).fetchall()[0][0]
    assert rows == registered and cur.execute("select count(*) from localnet_node_hours").fetchall()[0][0] == before + registered
    assert_rollups_match(ln_db)
    shared = cur.execute("select utilization from utilization where network = 'localnet' and period = 'hour' and gpu_model = '*'"
                         " and epoch(observed_at) = ?", [hour]).fetchall()
    rolled = cur.execute("select sum(leased_gpus) / sum(gpus) from localnet_model_hours where epoch(hour) = ?", [hour]).fetchall()
    assert len(shared) == 1 and shared[0][0] == pytest.approx(rolled[0][0])


def test_nodes_keep_joining_while_it_runs(live: LiveNet, ln_db: Database) -> None:
    assert live.net is not None
    joined = live.net.arrays.joined
    later = joined[joined >= live.net.clock]
    assert len(later) > 0
    ticks = int(later.min() - live.net.clock) + 1
    cur = ln_db.cursor()
    before = cur.execute("select count(*) from node_keys where source = 'localnet'").fetchall()[0][0]
    for i in range(ticks):
        live.tick(NOW + 60 * (i + 1))
    after = cur.execute("select count(*) from node_keys where source = 'localnet'").fetchall()[0][0]
    assert after == before + int((later == later.min()).sum())
    event = cur.execute("select max(epoch(happened_at)) from localnet_events where kind = 'joined'").fetchall()[0][0]
    assert event == pytest.approx(NOW + 60 * ticks)
    assert cur.execute("select count(*) from nodes where source = 'localnet'").fetchall()[0][0] == after


def test_a_restart_continues_the_network(live: LiveNet, ln_db: Database, ln_settings: Settings) -> None:
    assert live.net is not None
    clock, supply = live.net.clock, live.net.ledger.supply
    again = LiveNet(ln_db, ln_settings, LiveSettings(nodes=999))  # the database's network wins over a new size
    assert again.tick(NOW + 120).status == "success"
    assert again.net is not None and again.net.config.nodes == 30 and again.net.clock == clock + 1
    newest = ln_db.cursor().execute("select total from token_supply where symbol = 'LOCAL' order by observed_at desc limit 2").fetchall()
    assert newest[1][0] == pytest.approx(supply) and newest[0][0] == pytest.approx(again.net.ledger.supply)


@pytest.mark.parametrize(("name", "value", "needle"), [
    ("NODES", "0", "between 1 and 20000"), ("NODES", "many", "whole number"), ("SPEEDUP", "-3", "between 1 and 3600"),
    ("TOKEN_MODEL", "XYZ", "BME, SFA"),
])
def test_settings_errors_are_one_line(name: str, value: str, needle: str) -> None:
    with pytest.raises(LocalnetSettingsError) as info:
        LiveSettings.from_env({f"COMPUTESCOPE_LOCALNET_{name}": value})
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_the_job_ticks_at_the_speed_up(ln_db: Database, ln_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPUTESCOPE_LOCALNET_SPEEDUP", "120")
    job = localnet_job(ln_db, ln_settings)
    assert job.id == "localnet:tick" and job.minutes == pytest.approx(0.5)
    assert LiveSettings.from_env({}).tick_seconds == 60
