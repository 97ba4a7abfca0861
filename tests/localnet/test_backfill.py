"""The backfill: exact rows for a small network, rollups equal to a recomputation, incremental rollups, the shared tables."""

from __future__ import annotations

import numpy as np

from computescope.db import Database
from computescope.localnet import store
from computescope.localnet.backfill import backfill
from computescope.localnet.sim.network import LocalNet
from computescope.verify.reads import list_nodes
from tests.support.localnet import END_HOUR, SMALL, assert_rollups_match, run_days


def test_small_backfill_rows_and_rollups(ln_db: Database) -> None:
    result, net = backfill(ln_db, nodes=SMALL.nodes, days=3, seed=SMALL.seed, now_s=END_HOUR * 3600.0)
    _, chunks = run_days(net.config)
    cur = ln_db.cursor()
    count = lambda t: cur.execute(f"select count(*) from {t}").fetchall()[0][0]  # noqa: E731
    joined = net.fleet["joined_hour"].to_numpy()
    hours = np.arange(SMALL.start_hour, END_HOUR)
    assert count("localnet_node_hours") == int((joined[None, :] <= hours[:, None]).sum())
    assert count("localnet_leases") == sum(c.leases.height for c in chunks)
    assert count("localnet_market_hours") == 72 * 44
    assert count("localnet_model_hours") == 72 * 4
    assert count("node_challenges") == sum(c.challenges.height for c in chunks)
    assert count("localnet_nodes") == count("node_keys") == count("node_standing") == count("nodes") == SMALL.nodes
    assert count("node_attestations") == SMALL.nodes
    assert_rollups_match(ln_db)
    runs = cur.execute("select source, status, rows_written from ingest_runs where run_id = ?", [result.run_id]).fetchall()
    assert runs == [("localnet", "success", result.rows)]
    util = cur.sql("select * from utilization where network = 'localnet' and period = 'hour' and gpu_model = '*'").pl()
    assert util.height == 72 and util["utilization"].is_between(0, 1).all()
    assert count("token_flows") == 2 * 3 and count("token_supply") == 3
    nodes, total = list_nodes(ln_db, limit=10, now=END_HOUR * 3600.0)
    assert total == SMALL.nodes and nodes.height == 10


def test_backfill_again_replaces_the_network(ln_db: Database) -> None:
    backfill(ln_db, nodes=20, days=1, seed=3, now_s=END_HOUR * 3600.0)
    first = ln_db.cursor().execute("select count(*), sum(earnings_usd) from localnet_node_hours").fetchall()
    backfill(ln_db, nodes=20, days=1, seed=3, now_s=END_HOUR * 3600.0)
    cur = ln_db.cursor()
    assert cur.execute("select count(*), sum(earnings_usd) from localnet_node_hours").fetchall() == first
    assert cur.execute("select count(*) from nodes where source = 'localnet'").fetchall()[0][0] == 20
    assert cur.execute("select count(*) from node_keys where source = 'localnet'").fetchall()[0][0] == 20


def test_incremental_rollup_after_a_second_chunk_equals_a_full_recomputation(ln_db: Database) -> None:
    net = LocalNet(SMALL)
    cur = ln_db.cursor()
    store.write_fleet(cur, net, "test-run", SMALL.end_hour)
    day = SMALL.start_hour  # a day boundary: the two chunks split one day 10 h + 14 h
    for h0, h1 in ((day, day + 10), (day + 10, day + 24)):
        store.write_chunk(cur, net, net.run(h0, h1 - h0), "test-run")
        assert_rollups_match(ln_db)
    days = cur.execute("select count(distinct day) from localnet_node_days").fetchall()[0][0]
    assert days == 1


def test_nodes_and_inventory_reach_the_shared_pages(ln_db: Database) -> None:
    backfill(ln_db, nodes=40, days=2, seed=2, now_s=END_HOUR * 3600.0)
    by_model = ln_db.frame("inventory_by_model", {"networks": ["localnet"]})
    assert set(by_model["gpu_model"]) <= {"RTX 3090", "RTX 4090", "A100", "H100"} and by_model["gpus"].sum() > 0
    assert set(by_model["gpu_class"]) <= {"consumer", "datacenter"}
    countries = ln_db.frame("inventory_by_country", {"networks": ["localnet"]})
    assert countries["nodes"].sum() == 40
    heat = ln_db.frame("utilization_heatmap", {"networks": ["localnet"], "since": store.hour_ts(0)})
    assert heat.height > 0
