"""The what-if simulator behind the Tokens page and /api/v1/tokens/<SYMBOL>/simulate: parse, validate, run, band."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

from computescope.core.tokenomics.models import simulate, summarise_bands
from computescope.core.tokenomics.params import network_scenario
from computescope.core.tokenomics.validation import DEFAULTS, PARAM_SPECS, validate_simulate_params

# the knobs a person turns; everything else stays at the network's calibration
FORM_PARAMS = ("demand_usd_per_year", "demand_growth", "demand_volatility", "price_model", "initial_price", "emission_per_year", "stake_per_gpu")
CONTROL_KEYS = ("years", "runs", "seed", "steps_per_year")
BAND_VARIABLES = ("supply", "float", "provider_income_usd", "price")
DEFAULT_RUN = {"years": 5, "runs": 100, "seed": 1, "steps_per_year": 52}
SCENARIOS_KEPT = 64  # simulations kept per process: a run depends only on its parameters, never on the data


class ScenarioError(ValueError):
    """A parameter is out of range or malformed; the message names it (the API answers 400)."""


@dataclass(frozen=True)
class Scenario:
    symbol: str
    network: str
    own_model: str
    years: int
    runs: int
    seed: int
    steps_per_year: int
    overrides: dict[str, Any]
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    bands: dict[str, dict[str, pl.DataFrame]] = field(default_factory=dict)   # model -> variable -> band frame

    def final(self, model: str, variable: str) -> dict[str, float]:
        last = self.bands[model][variable].tail(1).row(0, named=True)
        return {"p05": last["p05"], "p50": last["p50"], "p95": last["p95"]}


def _number(name: str, text: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{name} must be a number, not {text!r}") from None
    return int(value) if name in CONTROL_KEYS and value.is_integer() else value


def parse_query(query: Mapping[str, str], *, strict: bool) -> tuple[dict[str, int], dict[str, Any]]:
    """Split a query string into run controls and parameter overrides; strict mode refuses unknown names."""
    controls: dict[str, Any] = dict(DEFAULT_RUN)
    overrides: dict[str, Any] = {}
    for name, text in query.items():
        if name in ("format", "models"):
            continue
        if name in CONTROL_KEYS:
            controls[name] = _number(name, text)
        elif name in FORM_PARAMS:
            spec = PARAM_SPECS[name]
            overrides[name] = text if spec.kind == "choice" else _number(name, text)
        elif strict:
            raise ScenarioError(f"unknown parameter {name!r}; use {', '.join(CONTROL_KEYS + FORM_PARAMS)}")
    return controls, overrides


def compared_models(own: str) -> list[str]:
    """The network's own model, then BME and SFA side by side."""
    return list(dict.fromkeys([own, "bme", "sfa"]))


def run_scenario(symbol: str, network: str, query: Mapping[str, str], *, strict: bool = True) -> Scenario:
    """The simulation for these parameters, run once per parameter set and kept (the answer is the same for every caller)."""
    return _scenario(symbol, network, tuple(sorted((str(k), str(v)) for k, v in query.items())), strict)


@lru_cache(maxsize=SCENARIOS_KEPT)
def _scenario(symbol: str, network: str, items: tuple[tuple[str, str], ...], strict: bool) -> Scenario:
    controls, overrides = parse_query(dict(items), strict=strict)
    try:
        own, calibrated = network_scenario(network)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None
    scenario = Scenario(symbol, network, own, controls["years"], controls["runs"], controls["seed"], controls["steps_per_year"], overrides)
    for model in compared_models(own):
        allowed = DEFAULTS[model]
        params = {k: v for k, v in {**calibrated, **overrides}.items() if k in allowed}
        try:
            checked, years, steps, runs, seed = validate_simulate_params(
                model, params, years=controls["years"], steps_per_year=controls["steps_per_year"], runs=controls["runs"], seed=controls["seed"]
            )
        except ValueError as exc:
            raise ScenarioError(str(exc)) from None
        frame = simulate(model, checked, years, steps, runs, seed)
        scenario.params[model] = checked
        scenario.bands[model] = {v: summarise_bands(frame, v) for v in BAND_VARIABLES}
    return scenario


def to_json(scenario: Scenario) -> dict[str, Any]:
    models = {}
    for model, variables in scenario.bands.items():
        models[model] = {
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in scenario.params[model].items()},
            "bands": {
                name: band.select(
                    "timestep", (pl.col("timestep") / scenario.steps_per_year).round(4).alias("year"), "p05", "p50", "p95"
                ).to_dicts()
                for name, band in variables.items()
            },
        }
    return {
        "symbol": scenario.symbol,
        "network": scenario.network,
        "own_model": scenario.own_model,
        "years": scenario.years,
        "runs": scenario.runs,
        "seed": scenario.seed,
        "steps_per_year": scenario.steps_per_year,
        "overrides": scenario.overrides,
        "models": models,
    }
