"""Token mechanisms against the published test vectors, and the calibrated network parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from computescope.core.tokenomics.mechanisms import (
    aethir_checker_annual,
    aethir_checker_emission,
    aethir_checker_pool,
    akash_annual_emissions,
    akash_inflation,
    akash_max_supply,
    akash_supply,
    akash_vault_flow,
    bme_step,
    buyback_burn,
    equilibrium_price,
    fee_buyback,
    ionet_fee_revenue,
    ionet_min_stake,
    ionet_monthly_emissions,
    net_emission,
    render_annual_emissions,
    required_token_price,
    sfa_float,
    sfa_locked,
    sfa_next_supply,
    slash,
)
from computescope.core.tokenomics.params import (
    NETWORK_PARAMS,
    describe_params,
    network_scenario,
    simulate_network,
)
from computescope.core.tokenomics.validation import MODELS, validate_simulate_params

# --- §C2 test vectors ----------------------------------------------------------------------------


def test_generic_bme_three_epochs() -> None:
    # The three rows are consecutive epochs from S0 = 100,000,000 with M = 1,000,000 per epoch.
    rows = [
        (4_000_000.0, 5.0, 800_000.0, 200_000.0, 100_200_000.0, 4.0),
        (6_000_000.0, 5.0, 1_200_000.0, -200_000.0, 100_000_000.0, 6.0),
        (5_000_000.0, 4.0, 1_250_000.0, -250_000.0, 99_750_000.0, 5.0),
    ]
    supply = 100_000_000.0
    for demand, price, burn, delta, expected_supply, p_star in rows:
        step = bme_step(supply, demand, price, 1_000_000.0)
        assert step.burned == burn
        assert step.minted == 1_000_000.0
        assert step.net_change == delta
        assert step.supply == expected_supply
        assert step.p_star == p_star
        assert equilibrium_price(demand, 1_000_000.0) == p_star
        supply = step.supply
    assert supply == 99_750_000.0


def test_bme_remint_adds_to_supply() -> None:
    step = bme_step(1_000.0, 100.0, 1.0, 10.0, remint=5.0)
    assert step.minted == 15.0
    assert step.reminted == 5.0
    assert step.target is None
    assert step.supply == 1_000.0 + 15.0 - 100.0
    assert step.p_star == 10.0


def test_bme_price_above_equilibrium_inflates_below_deflates() -> None:
    p_star = equilibrium_price(4_000_000.0, 1_000_000.0)
    assert bme_step(1e8, 4_000_000.0, p_star * 1.1, 1_000_000.0).net_change > 0
    assert bme_step(1e8, 4_000_000.0, p_star * 0.9, 1_000_000.0).net_change < 0
    assert bme_step(1e8, 4_000_000.0, p_star, 1_000_000.0).net_change == 0


def test_bme_step_with_helium_net_emission() -> None:
    step = bme_step(1_000_000.0, 9_500.0, 1.0, 0.0, net_emission_target=400.0)
    assert step.target == 1_700.0
    assert step.reminted == 1_643.83561643
    assert step.supply - 1_000_000.0 == pytest.approx(-7_856.16438357, abs=1e-8)
    quiet = bme_step(1_000_000.0, 200.0, 1.0, 0.0, net_emission_target=1_650.0)
    assert round(float(quiet.reminted), 6) == 1_442.857143
    assert quiet.net_change > 0
    assert step.p_star == float("inf")


def test_akash_aep76_vault() -> None:
    high = akash_vault_flow(1_000.0, 1.14, 1.50)
    assert round(high.burned, 6) == 877.192982
    assert round(high.minted, 6) == 666.666667
    assert round(high.net, 6) == -210.526316
    low = akash_vault_flow(1_000.0, 1.14, 0.90)
    assert round(low.minted, 6) == 1_111.111111
    assert round(low.net, 6) == 233.918129


def test_helium_net_emissions_capped() -> None:
    ne = net_emission(400.0, 9_500.0)
    assert ne.target == 1_700.0
    assert ne.reminted == 1_643.83561643
    assert ne.burned_for_good == pytest.approx(7_856.16438357, abs=1e-8)


def test_helium_net_emissions_below_cap_burns_nothing() -> None:
    ne = net_emission(1_650.0, 200.0)
    assert round(float(ne.reminted), 6) == 1_442.857143
    assert ne.burned_for_good == 0.0


def test_render_equilibrium_price() -> None:
    assert round(equilibrium_price(2_000_000.0, 570_426.0), 4) == 3.5062


def test_akash_aep5_supply() -> None:
    assert round(float(akash_supply(1.0))) == 184_511_119
    assert round(float(akash_supply(2.0))) == 244_269_504
    assert round(akash_max_supply()) == 388_539_008
    assert float(akash_supply(0.0)) == 100_000_000.0
    assert float(akash_supply(200.0)) == pytest.approx(akash_max_supply())


def test_akash_inflation_halves_every_half_life() -> None:
    assert float(akash_inflation(0.0)) == 1.0
    assert float(akash_inflation(2.0)) == 0.5
    assert float(akash_inflation(4.0)) == 0.25
    # i(t) is the derivative of M(t) relative to M0.
    h = 1e-6
    slope = (float(akash_supply(3.0 + h)) - float(akash_supply(3.0 - h))) / (2 * h) / 100_000_000.0
    assert slope == pytest.approx(float(akash_inflation(3.0)), rel=1e-6)


def test_akash_annual_emissions_sum_to_supply_growth() -> None:
    yearly = akash_annual_emissions(0.0, 2)
    assert sum(yearly) == pytest.approx(float(akash_supply(2.0)) - 100_000_000.0)


def test_ionet_stake() -> None:
    assert ionet_min_stake(8, 10.0) == 16_000.0
    assert ionet_min_stake(4, 0.25) == 800.0


# --- schedules -----------------------------------------------------------------------------------


def test_ionet_monthly_emissions_match_published_table() -> None:
    published = [
        3_333_333,
        3_299_497,
        3_266_003,
        3_232_850,
        3_200_033,
        3_167_549,
        3_135_395,
        3_103_568,
        3_072_063,
        3_040_879,
        3_010_011,
        2_979_456,
    ]
    monthly = ionet_monthly_emissions()
    assert len(monthly) == 240
    assert np.all(np.abs(monthly[:12] - np.asarray(published)) < 10.0)


def test_ionet_emissions_stop_at_cap() -> None:
    monthly = ionet_monthly_emissions()
    assert float(monthly.sum()) == pytest.approx(300_000_000.0)
    assert np.all(np.diff(monthly[:-1]) < 0)
    compounding = ionet_monthly_emissions(compounding=True)
    assert float(compounding.sum()) == pytest.approx(300_000_000.0)
    assert int(np.argmax(np.cumsum(compounding) >= 300_000_000.0 - 1e-6)) < 239
    assert compounding[0] == monthly[0]


def test_ionet_fee_revenue_and_buyback() -> None:
    assert ionet_fee_revenue(1_000.0) == 5.0
    assert ionet_fee_revenue(1_000.0, usdc_share=1.0) == pytest.approx(25.0)
    assert buyback_burn(25.0, 2.5) == 10.0
    assert buyback_burn(25.0, 5.0, burn_share=0.5) == 2.5


def test_render_schedule_launch_then_damping_within_pool() -> None:
    sched = render_annual_emissions(60)
    assert sched[0] == 9_126_804.0
    assert sched[1] == sched[2] == sched[3] == sched[4] == 5_900_000.0
    assert sched[5] == pytest.approx(5_900_000.0 * 0.945)
    assert sched[6] == pytest.approx(sched[5] * 0.945)
    assert sum(sched) <= 107_374_182.0 + 1e-6
    assert max(sched) <= 0.10 * 107_374_182.0


def test_render_schedule_respects_annual_limit() -> None:
    sched = render_annual_emissions(3, launch=(20_000_000.0,))
    assert sched == pytest.approx((10_737_418.2, 10_737_418.2, 10_737_418.2))


def test_aethir_checker_pool() -> None:
    pool = aethir_checker_pool()
    assert pool.base_total == 4_200_000_000.0
    assert pool.bonus_total == 2_100_000_000.0
    assert pool.base_daily == pytest.approx(4_200_000_000.0 / 1461)
    assert sum(aethir_checker_emission(d, pool) for d in range(1, 1462)) == pytest.approx(6_300_000_000.0)
    assert aethir_checker_emission(0) == 0.0
    assert aethir_checker_emission(1462) == 0.0
    # ~47 ATH per licence per day across 91,759 licences (docs.zoofi.io)
    assert round((pool.base_total + pool.bonus_total) / pool.days / 91_759) == 47
    annual = aethir_checker_annual(pool)
    assert annual[0] == pytest.approx(1_050_000_000.0)
    assert annual[1:] == pytest.approx((1_750_000_000.0,) * 3)


def test_aethir_bonus_only_from_fifth_quarter() -> None:
    pool = aethir_checker_pool()
    first_year = [aethir_checker_emission(d, pool) for d in range(1, 366)]
    assert max(first_year) == pool.base_daily
    assert max(aethir_checker_emission(d, pool) for d in range(366, 1462)) > pool.base_daily


def test_sfa_locked_float_and_security_price() -> None:
    locked = sfa_locked([10, 5], [1_000.0, 400.0])
    assert locked == 12_000.0
    assert sfa_float(100_000.0, locked) == 88_000.0
    assert required_token_price(6_000.0, locked) == 0.5
    assert slash(1_000.0, 0.05) == 50.0
    assert sfa_next_supply(100_000.0, 500.0, 50.0, 200.0) == 100_250.0


def test_gensyn_fee_buyback() -> None:
    fb = fee_buyback(1_000_000.0, 0.05)
    assert fb.fee_usd == 5_000.0
    assert fb.bought == pytest.approx(100_000.0)
    assert fb.burned == pytest.approx(70_000.0)
    assert fb.treasury == pytest.approx(29_000.0)
    assert fb.executor == pytest.approx(1_000.0)
    with pytest.raises(ValueError, match="add up to 1"):
        fee_buyback(1.0, 1.0, burn_share=0.8)


def test_mechanisms_are_elementwise_over_arrays() -> None:
    step = bme_step(np.array([1e8, 1e8]), np.array([4e6, 6e6]), np.array([5.0, 5.0]), 1e6)
    assert step.supply.tolist() == [100_200_000.0, 99_800_000.0]
    ne = net_emission(np.array([400.0, 1_650.0]), np.array([9_500.0, 200.0]))
    assert ne.burned_for_good[1] == 0.0


# --- calibrated parameters -----------------------------------------------------------------------


@pytest.mark.parametrize("network", sorted(NETWORK_PARAMS))
def test_every_param_has_source_and_assumptions_have_reasons(network: str) -> None:
    rows = describe_params(network)
    assert rows
    for row in rows:
        assert set(row) == {"name", "value", "unit", "source", "assumption", "note"}
        assert row["source"].strip()
        if row["assumption"]:
            assert row["note"].strip(), row["name"]
            assert "\n" not in row["note"]
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("network", sorted(NETWORK_PARAMS))
def test_network_scenarios_validate_and_run(network: str) -> None:
    model, params = network_scenario(network)
    assert model in MODELS
    full, *_ = validate_simulate_params(model, params, years=20, steps_per_year=52, runs=1, seed=0)
    assert full["initial_supply"] > 0
    df = simulate_network(network, years=2, steps_per_year=12, runs=3, seed=1)
    assert df.height == 2 * 12 * 3


def test_network_facts() -> None:
    def value(network: str, name: str) -> object:
        return next(r["value"] for r in describe_params(network) if r["name"] == name)

    assert value("render", "year1_emission") == 9_126_804.0
    assert value("render", "max_supply") == 644_245_094.0
    assert value("render", "emission_schedule")[0] == 9_126_804.0  # type: ignore[index]
    assert value("io.net", "max_supply") == 800_000_000.0
    assert value("ionet", "initial_supply") == 500_000_000.0
    assert sum(value("ionet", "emission_schedule")) == pytest.approx(300_000_000.0)  # type: ignore[arg-type]
    assert value("aethir", "max_supply") == 42_000_000_000.0
    assert value("gensyn", "max_supply") == 10_000_000_000.0
    assert value("gensyn", "burn_share") == 0.70
    assert value("gensyn", "fee_rate") == 0.005
    assert round(value("akash", "max_supply")) == 388_539_008  # type: ignore[arg-type]
    assert math.isclose(value("ionet", "stake_per_gpu"), 2_000.0)  # type: ignore[arg-type]
    flagged = {r["name"] for r in describe_params("ionet") if r["assumption"]}
    assert "emission_base" in flagged


def test_unknown_network_is_rejected() -> None:
    with pytest.raises(ValueError, match="network must be one of"):
        describe_params("filecoin")
