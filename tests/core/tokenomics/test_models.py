"""Scenario models: exact supply accounting, deterministic cases, quantile bands and parameter validation."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from computescope.core.tokenomics.models import OUTPUT_VARIABLES, emission_per_step, simulate, summarise_bands
from computescope.core.tokenomics.validation import DEFAULTS, validate_simulate_params

CALM: dict[str, Any] = {
    "demand_volatility": 0.0,
    "demand_growth": 0.0,
    "price_volatility": 0.0,
    "price_drift": 0.0,
    "price_model": "gbm",
}


def _run(df: pl.DataFrame, run: int) -> pl.DataFrame:
    return df.filter(pl.col("run") == run).sort("timestep")


def test_simulate_columns_and_shape() -> None:
    df = simulate("bme", years=2, steps_per_year=52, runs=7, seed=5)
    assert df.columns == ["simulation", "subset", "run", "substep", "timestep", *OUTPUT_VARIABLES]
    assert df.height == 7 * 2 * 52
    for var in (
        "supply",
        "burned",
        "minted",
        "locked",
        "float",
        "price",
        "demand_usd",
        "provider_income_usd",
    ):
        assert df[var].null_count() == 0
        assert (df[var] >= 0).all()


@pytest.mark.parametrize(
    ("model", "extra"),
    [
        ("bme", {}),
        ("bme", {"net_emission_cap_per_year": 2_000_000.0, "price_model": "reflexive"}),
        ("bme", {"vault_settlement": True}),
        ("sfa", {"slash_rate": 0.2}),
        ("emission_buyback", {"price_model": "reflexive", "price_reflexivity": 3.0}),
    ],
)
def test_supply_is_conserved_exactly(model: str, extra: dict[str, Any]) -> None:
    params = {"initial_supply": 123_456_789.0, **extra}
    df = simulate(model, params, years=3, steps_per_year=52, runs=40, seed=11)
    totals = df.group_by("run").agg(
        pl.col("minted").sum().alias("m"),
        pl.col("burned").sum().alias("b"),
        pl.col("supply").sort_by("timestep").last().alias("s_t"),
    )
    s0 = 123_456_789.0
    for m, b, s_t in totals.select("m", "b", "s_t").rows():
        assert s_t == s0 + m - b
    stepwise = df.sort("run", "timestep").with_columns(prev=pl.col("supply").shift(1).over("run"))
    inner = stepwise.filter(pl.col("timestep") > 1)
    assert (inner["supply"] == inner["prev"] + inner["minted"] - inner["burned"]).all()


@pytest.mark.parametrize("model", ["sfa", "emission_buyback", "bme"])
def test_float_plus_locked_is_supply(model: str) -> None:
    df = simulate(model, {"stake_per_gpu": 20_000.0}, years=2, runs=30, seed=2)
    assert (df["float"] + df["locked"] == df["supply"]).all()
    assert (df["locked"] <= df["supply"]).all()
    assert (df["locked"] > 0).any()


def test_bme_deterministic_case_matches_equations() -> None:
    params = {
        **CALM,
        "initial_supply": 100_000_000.0,
        "initial_price": 5.0,
        "demand_usd_per_year": 52_000_000.0,
        "emission_per_year": 52_000_000.0,
    }
    df = simulate("bme", params, years=1, steps_per_year=52, runs=2, seed=0)
    one = _run(df, 1)
    assert one["burned"].to_list() == [200_000.0] * 52
    assert one["minted"].to_list() == [1_000_000.0] * 52
    assert one["p_star"].to_list() == [1.0] * 52
    assert one["supply"][-1] == 100_000_000.0 + 52 * 800_000.0
    assert one["provider_income_usd"].to_list() == [5_000_000.0] * 52
    assert _run(df, 2).equals(one.with_columns(run=pl.lit(2, dtype=pl.Int32)))


def test_emission_buyback_deterministic_case() -> None:
    params = {
        **CALM,
        "initial_price": 2.0,
        "demand_usd_per_year": 52_000_000.0,
        "emission_per_year": 5_200_000.0,
        "fee_rate": 0.02,
        "burn_share": 0.5,
        "provider_share": 1.0,
    }
    one = _run(simulate("emission_buyback", params, years=1, runs=1), 1)
    assert one["burned"].to_list() == [5_000.0] * 52
    assert one["provider_income_usd"].to_list() == [980_000.0 + 100_000.0 * 2.0] * 52
    assert one["p_star"][0] == pytest.approx(10_000.0 / 100_000.0)


def test_sfa_slashing_burns_stake() -> None:
    params = {
        **CALM,
        "gpus": 100.0,
        "stake_per_gpu": 52_000.0,
        "slash_rate": 0.5,
        "fee_rate": 0.0,
        "emission_per_year": 0.0,
        "gpu_demand_elasticity": 0.0,
    }
    one = _run(simulate("sfa", params, years=1, runs=1), 1)
    assert one["locked"].to_list() == [5_200_000.0] * 52
    assert one["burned"].to_list() == [50_000.0] * 52
    assert one["supply"][-1] == 100_000_000.0 - 52 * 50_000.0
    assert one["p_star"].is_nan().all()


def test_vault_settlement_mints_at_next_price() -> None:
    params = {
        **CALM,
        "vault_settlement": True,
        "initial_price": 4.0,
        "demand_usd_per_year": 52_000.0,
        "provider_share": 0.0,
    }
    one = _run(simulate("bme", params, years=1, runs=1), 1)
    mint = 10_000_000.0 / 52
    assert one["burned"].to_list() == [250.0] * 52
    assert one["minted"][0] == pytest.approx(mint, abs=1e-3)
    assert one["minted"][1] == pytest.approx(mint + 250.0, abs=1e-3)
    assert one["provider_income_usd"][0] == 0.0
    assert one["provider_income_usd"][1:].to_list() == [1_000.0] * 51


def test_net_emission_remint_is_capped() -> None:
    params = {**CALM, "net_emission_cap_per_year": 52_000.0, "emission_per_year": 0.0}
    one = _run(simulate("bme", params, years=1, runs=1), 1)
    assert one["minted"].max() <= 1_000.0
    assert one["minted"][-1] == 1_000.0


def test_emission_cap_limits_total_mint() -> None:
    params = {**CALM, "emission_per_year": 10_000_000.0, "emission_cap": 15_000_000.0}
    df = simulate("bme", params, years=3, runs=1)
    assert df["minted"].sum() == 15_000_000.0


def test_emission_schedule_overrides_and_decays() -> None:
    sched = emission_per_step(
        {
            "emission_schedule": (52.0, 104.0),
            "emission_decay": 0.5,
            "emission_per_year": 1.0,
            "emission_cap": None,
        },
        years=4,
        steps_per_year=52,
    )
    assert sched.tolist() == [1.0] * 52 + [2.0] * 52 + [1.0] * 52 + [0.5] * 52


def test_logistic_demand_approaches_capacity() -> None:
    params = {
        **CALM,
        "demand_model": "logistic",
        "demand_growth": 2.0,
        "demand_usd_per_year": 1_000_000.0,
        "demand_capacity_usd_per_year": 10_000_000.0,
    }
    d = _run(simulate("bme", params, years=10, runs=1), 1)["demand_usd"].to_numpy() * 52
    assert np.all(np.diff(d) > 0)
    assert d[-1] < 10_000_000.0
    assert d[-1] > 9_900_000.0


def test_reflexive_price_rises_with_net_burn() -> None:
    params = {**CALM, "emission_per_year": 0.0, "price_model": "reflexive", "price_reflexivity": 5.0}
    price = _run(simulate("bme", params, years=1, runs=1), 1)["price"].to_numpy()
    assert price[0] == 1.0
    assert np.all(np.diff(price) > 0)
    flat = _run(simulate("bme", {**params, "price_model": "gbm"}, years=1, runs=1), 1)["price"]
    assert flat.to_list() == [1.0] * 52


def test_simulate_is_deterministic_per_seed() -> None:
    a = simulate("sfa", years=2, runs=100, seed=9)
    b = simulate("sfa", years=2, runs=100, seed=9)
    c = simulate("sfa", years=2, runs=100, seed=10)
    assert a.write_csv().encode() == b.write_csv().encode()
    assert not a.equals(c)


@pytest.mark.parametrize("var", ["supply", "price", "provider_income_usd"])
def test_monte_carlo_bands_are_ordered(var: str) -> None:
    df = simulate("emission_buyback", years=3, runs=300, seed=4)
    bands = summarise_bands(df, var)
    assert bands.columns == ["subset", "timestep", "p05", "p50", "p95"]
    assert bands.height == 3 * 52
    assert bands["timestep"].to_list() == list(range(1, 157))
    assert (bands["p05"] <= bands["p50"]).all()
    assert (bands["p50"] <= bands["p95"]).all()
    assert (bands["p05"] < bands["p95"]).any()


def test_band_names_and_bad_requests() -> None:
    df = simulate("bme", years=1, runs=20, seed=1)
    assert summarise_bands(df, "price", (0.025, 0.5, 0.975)).columns == [
        "subset",
        "timestep",
        "p2.5",
        "p50",
        "p97.5",
    ]
    with pytest.raises(ValueError, match="var"):
        summarise_bands(df, "nope")
    with pytest.raises(ValueError, match="quantiles"):
        summarise_bands(df, "price", (0.9, 0.1))


@pytest.mark.parametrize(
    ("kwargs", "params", "message"),
    [
        ({"years": 0}, {}, "years must be between 1 and 20"),
        ({"years": 21}, {}, "years must be between 1 and 20"),
        ({"years": 2.5}, {}, "years must be a whole number"),
        ({"runs": 0}, {}, "runs must be between 1 and 1000"),
        ({"runs": 1001}, {}, "runs must be between 1 and 1000"),
        ({"steps_per_year": 0}, {}, "steps_per_year must be between 1 and 365"),
        ({"seed": -1}, {}, "seed must be between 0"),
        ({}, {"demand_volatility": 2.5}, "demand_volatility must be at least 0 and at most 2"),
        ({}, {"price_volatility": -0.1}, "price_volatility must be at least 0 and at most 2"),
        ({}, {"demand_growth": -1.5}, "demand_growth must be at least -1 and at most 5"),
        ({}, {"demand_growth": 6}, "demand_growth must be at least -1 and at most 5"),
        ({}, {"initial_price": 0}, "initial_price must be greater than 0"),
        ({}, {"initial_supply": float("nan")}, "initial_supply must be a finite number"),
        ({}, {"initial_supply": "lots"}, "initial_supply must be a number"),
        ({}, {"burn_share": True}, "burn_share must be a number"),
        ({}, {"demand_model": "linear"}, "demand_model must be one of gbm, logistic"),
        ({}, {"vault_settlement": "yes"}, "vault_settlement must be true or false"),
        ({}, {"emission_schedule": [1.0, -2.0]}, r"emission_schedule\[1\] must be at least 0"),
        ({}, {"emission_schedule": 5.0}, "emission_schedule must be a list"),
        ({}, {"bogus": 1}, "unknown parameter 'bogus'"),
        ({}, {"slash_rate": 0.1}, "parameter 'slash_rate' does not apply to model 'bme'"),
    ],
)
def test_validation_names_the_parameter(kwargs: dict[str, Any], params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate("bme", params, **{"years": 1, "runs": 1, **kwargs})


def test_validation_rejects_unknown_model_and_fills_defaults() -> None:
    with pytest.raises(ValueError, match="model must be one of bme, sfa, emission_buyback"):
        simulate("ponzi")
    full, years, steps, runs, seed = validate_simulate_params(
        "sfa", {"slash_rate": 0.5, "emission_schedule": [1, 2]}, years=3.0, steps_per_year=12, runs=10, seed=0
    )
    assert (years, steps, runs, seed) == (3, 12, 10, 0)
    assert full["slash_rate"] == 0.5
    assert full["emission_schedule"] == (1.0, 2.0)
    assert set(full) == set(DEFAULTS["sfa"])


def test_reflexive_step_follows_net_absorption() -> None:
    params = {**CALM, "price_model": "reflexive", "price_reflexivity": 2.0, "initial_price": 3.0}
    one = _run(simulate("bme", params, years=1, runs=1), 1)
    first = one.row(0, named=True)
    absorbed = first["burned"] - first["minted"]
    expected = 3.0 * np.exp(2.0 * absorbed / first["supply"])
    assert one["price"][1] == pytest.approx(expected, rel=1e-12)
    diluting = {**params, "demand_usd_per_year": 1.0, "emission_per_year": 50_000_000.0}
    assert np.all(np.diff(_run(simulate("bme", diluting, years=1, runs=1), 1)["price"].to_numpy()[1:]) < 0)


def test_bands_skip_undefined_equilibrium_prices() -> None:
    df = pl.DataFrame(
        {"subset": [0] * 4, "timestep": [1] * 4, "p_star": [1.0, float("nan"), 3.0, float("nan")]}
    )
    bands = summarise_bands(df, "p_star", (0.5,))
    assert bands["p50"].to_list() == [2.0]
