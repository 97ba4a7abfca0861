"""The local network's core: determinism, conservation, matching invariants, cheaters caught at the predicted rate."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from computescope.core.verification.challenges import catch_probability
from computescope.core.verification.reputation import NodeState, Outcome, apply_outcome
from computescope.localnet.sim.demand import DemandParams
from computescope.localnet.sim.fleet import FleetParams, make_fleet
from computescope.localnet.sim.health import HealthParams
from computescope.localnet.sim.market import allocate
from computescope.localnet.sim.network import LocalNetConfig
from computescope.localnet.sim.pricing import suggest
from computescope.localnet.sim.standing import Standing
from computescope.localnet.sim.tokens import TokenParams
from tests.support.localnet import SMALL, run_days


def _frames(chunks: list) -> dict[str, pl.DataFrame]:
    return {
        "node_hours": pl.concat([c.node_hours() for c in chunks]), "leases": pl.concat([c.leases for c in chunks]),
        "markets": pl.concat([c.markets for c in chunks]), "challenges": pl.concat([c.challenges for c in chunks]),
        "events": pl.concat([c.events for c in chunks]),
    }


def test_same_seed_same_network_other_seed_other_network() -> None:
    one, two = _frames(run_days(SMALL)[1]), _frames(run_days(SMALL)[1])
    for name in one:
        assert one[name].equals(two[name]), name
    other = _frames(run_days(dataclasses.replace(SMALL, seed=8))[1])
    assert not one["node_hours"].equals(other["node_hours"])
    assert not one["leases"].equals(other["leases"])


def test_a_small_fleet_is_the_start_of_a_larger_one() -> None:
    small = make_fleet(3, 200, 490_000, 240)
    large = make_fleet(3, 1500, 490_000, 240)
    assert small.equals(large.head(200))
    assert set(small["node_class"]) == {"consumer", "datacenter"}
    assert {"RTX 3090", "RTX 4090", "A100", "H100"} == set(large["gpu_model"])


def test_leases_fit_the_nodes_and_the_tenants_limits() -> None:
    net, chunks = run_days(SMALL)
    leases = pl.concat([c.leases for c in chunks])
    assert leases.height > 100
    cap = net.arrays.cap
    # GPUs held per node and hour, from the leases alone (an upper bound: suspension can end a lease early)
    held = np.zeros((SMALL.hours + 200, SMALL.nodes), dtype=np.int64)
    for node, hour, gpus, hours in leases.select("node_key", "hour", "gpus", "hours").iter_rows():
        held[hour - SMALL.start_hour : hour - SMALL.start_hour + hours, node] += gpus
    assert (held <= cap[None, :]).all()
    assert (leases["usd_per_gpu_hour"] <= leases["max_usd_per_gpu_hour"] + 1e-9).all()
    ask = net.fleet["ask_usd"].to_numpy()[leases["node_key"].to_numpy()]
    assert (leases["usd_per_gpu_hour"].to_numpy() >= ask - 1e-9).all()
    quoted = leases.filter(pl.col("matched_by") == "quote")
    per_node = np.where(net.fleet["node_class"].to_numpy() == "datacenter", 8, 1)[quoted["node_key"].to_numpy()]
    assert (quoted["gpus"].to_numpy() % per_node == 0).all()


def test_clearing_leases_pay_their_markets_price() -> None:
    _, chunks = run_days(SMALL)
    markets = pl.concat([c.markets for c in chunks]).filter(pl.col("volume") > 0)
    leases = pl.concat([c.leases for c in chunks]).filter(pl.col("matched_by") == "clearing")
    fleet = make_fleet(SMALL.seed, SMALL.nodes, SMALL.start_hour, SMALL.hours).select("node_key", "gpu_model", "region")
    joined = leases.join(fleet, on="node_key").join(markets, on=["hour", "gpu_model", "region"])
    assert joined.height == leases.height
    assert (joined["usd_per_gpu_hour"] - joined["price"]).abs().max() < 1e-9
    traded = joined.group_by("hour", "gpu_model", "region").agg(pl.col("gpus").sum(), pl.col("volume").first())
    assert (traded["gpus"] == traded["volume"]).all()


def test_conservation_of_gpus_usd_and_tokens() -> None:
    net, chunks = run_days(SMALL)
    cap = net.arrays.cap
    for c in chunks:
        assert (c.leased <= cap[None, :]).all()
        assert ((c.utilization >= 0) & (c.utilization <= 1)).all()
        assert (c.leased[~c.up] == 0).all() and (c.earnings[~c.up] == 0).all()
        paid = float(c.earnings.sum())
        for e in c.epochs:
            assert e.demand_usd == pytest.approx(paid, rel=1e-6)
            assert e.burned * e.price == pytest.approx(e.demand_usd, rel=1e-9)
            assert float(c.minted.sum()) == pytest.approx(e.minted, rel=1e-9)
    supplies = [e.supply for c in chunks for e in c.epochs]
    flows = [e.minted - e.burned for c in chunks for e in c.epochs]
    start = net.config.tokens.supply_per_node * net.config.nodes
    assert supplies[-1] == pytest.approx(start + sum(flows), rel=1e-12)


def test_sfa_locks_stake_and_burns_nothing() -> None:
    net, chunks = run_days(dataclasses.replace(SMALL, tokens=TokenParams(model="SFA")))
    epochs = [e for c in chunks for e in c.epochs]
    assert all(e.burned == 0 and e.staked > 0 for e in epochs)
    assert epochs[-1].supply == pytest.approx(net.config.tokens.supply_per_node * net.config.nodes + sum(e.minted for e in epochs))


def test_cheaters_are_caught_at_the_predicted_rate() -> None:
    config = LocalNetConfig(seed=11, nodes=240, start_hour=SMALL.start_hour - 24 * 11, hours=24 * 14,
                            fleet=FleetParams(cheater_share=0.5, liar_share=0.0), health=HealthParams(challenge_every_days=1.0))
    net, chunks = run_days(config)
    f = net.fleet["cheat_fraction"].to_numpy()
    settled = pl.concat([c.challenges for c in chunks]).filter(~pl.col("real"))
    cheats = settled.filter(pl.Series(f[settled["node_key"].to_numpy()] > 0))
    expected = np.array([catch_probability(x, config.health.spot_rows) for x in f[cheats["node_key"].to_numpy()]])
    caught = (cheats["verdict"] == "fail").to_numpy()
    assert len(caught) > 400
    sigma = np.sqrt((expected * (1 - expected)).sum())
    assert abs(caught.sum() - expected.sum()) < 4 * sigma
    honest = settled.filter(pl.Series(f[settled["node_key"].to_numpy()] == 0))
    assert (honest["verdict"] == "pass").all()
    real = pl.concat([c.challenges for c in chunks]).filter(pl.col("real"))
    assert real.height > 0 and (real.filter(pl.Series(f[real["node_key"].to_numpy()] == 0))["verdict"] == "pass").all()
    suspended = net.standing.suspended_at(config.end_hour * 3600.0)
    assert suspended.sum() > 0 and (f[suspended] > 0).all()


def test_standing_counts_equal_folding_the_core_outcome_by_outcome() -> None:
    fleet = make_fleet(5, 80, 490_000, 240)
    rng = np.random.default_rng(0)
    n = 900
    outcomes = pl.DataFrame({"node_key": rng.integers(0, 80, n).astype(np.int32), "at": np.sort(rng.uniform(0, 1e6, n)),
                             "kind": rng.choice(["pass", "pass", "downtime"], n), "reason": [None] * n}, schema_overrides={"reason": pl.Utf8})
    standing = Standing.open(fleet)
    standing.apply(outcomes)
    for key in range(80):
        state = NodeState(stake=float(fleet["bond"][key]))
        for at, kind in outcomes.filter(pl.col("node_key") == key).select("at", "kind").iter_rows():
            state = apply_outcome(state, Outcome(kind, at, reward=0.0 if kind == "downtime" else 1.0, uptime_30d=1.0))[0]
        assert standing.stake[key] == pytest.approx(state.stake)
        assert standing.passes[key] == state.passes and standing.earned[key] == pytest.approx(state.earned)


def test_allocation_pairs_units_in_price_priority() -> None:
    # one market: bids 3.0×2, 2.0×3; asks 1.0×2 (row 0), 1.5×2 (row 1); the core clears 4 units
    b, a, gpus = allocate(np.array([0, 0]), np.array([3.0, 2.0]), np.array([2, 3]), np.array([0, 0]),
                          np.array([0, 0]), np.array([1.0, 1.5]), np.array([2.0, 2.0]), np.array([4.0] + [0.0] * 43))
    assert list(zip(b.tolist(), a.tolist(), gpus.tolist(), strict=True)) == [(0, 0, 2), (1, 1, 2)]


def test_pricing_suggestion() -> None:
    assert suggest(2.5, 2.0, 0.1, 0.4).action == "lower" and suggest(2.5, 2.0, 0.1, 0.4).price == 2.0
    assert suggest(1.5, 2.0, 0.8, 0.4).action == "raise"
    assert suggest(2.0, 2.0, 0.4, 0.4).action == "keep"
    assert suggest(2.0, None, 0.4, 0.4).action == "unknown"


def test_more_demand_means_more_use() -> None:
    low = dataclasses.replace(SMALL, demand=DemandParams(pressure={"consumer": 0.2, "datacenter": 0.2}))
    high = dataclasses.replace(SMALL, demand=DemandParams(pressure={"consumer": 1.2, "datacenter": 1.2}))
    used = [sum(int(c.leased.sum()) for c in run_days(cfg)[1]) for cfg in (low, high)]
    assert used[1] > used[0]
