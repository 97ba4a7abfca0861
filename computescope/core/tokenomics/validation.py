"""Checks and defaults for token-simulation parameters; errors are ValueErrors naming the parameter."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MODELS: tuple[str, ...] = ("bme", "sfa", "emission_buyback")
MAX_YEARS = 20
MAX_RUNS = 1000
MAX_STEPS_PER_YEAR = 365
# A request simulates three models; each timestep costs ~0.13 ms and each path-step ~3.5 µs here, so these two bounds
# keep the costliest allowed request near a second of work
MAX_TIMESTEPS = 2_600  # years × steps_per_year
MAX_PATH_STEPS = 250_000  # runs × years × steps_per_year
MAX_SCHEDULE_YEARS = 100


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """What one simulation parameter accepts, with its unit and meaning for forms and error messages."""

    kind: str  # "number", "integer", "choice", "bool", "schedule" or "optional_number"
    lo: float = 0.0
    hi: float = math.inf
    lo_open: bool = False
    choices: tuple[str, ...] = ()
    unit: str = ""
    description: str = ""


PARAM_SPECS: dict[str, ParamSpec] = {
    "initial_supply": ParamSpec(
        "number", 0, 1e12, True, unit="tokens", description="token supply at the start"
    ),
    "initial_price": ParamSpec("number", 0, 1e6, True, unit="USD", description="token price at the start"),
    "demand_usd_per_year": ParamSpec(
        "number", 0, 1e12, True, unit="USD/year", description="paid usage at the start, annualised"
    ),
    "demand_model": ParamSpec("choice", choices=("gbm", "logistic"), description="demand path"),
    "demand_growth": ParamSpec("number", -1, 5, unit="1/year", description="demand drift or logistic rate"),
    "demand_volatility": ParamSpec("number", 0, 2, unit="1/√year", description="demand volatility"),
    "demand_capacity_usd_per_year": ParamSpec(
        "number", 0, 1e13, True, unit="USD/year", description="logistic ceiling of demand"
    ),
    "price_model": ParamSpec("choice", choices=("gbm", "reflexive"), description="token price path"),
    "price_drift": ParamSpec("number", -1, 5, unit="1/year", description="exogenous price drift"),
    "price_volatility": ParamSpec("number", 0, 2, unit="1/√year", description="price volatility"),
    "price_reflexivity": ParamSpec(
        "number", 0, 20, description="log-price move per unit of net float absorption as a share of supply"
    ),
    "emission_per_year": ParamSpec("number", 0, 1e11, unit="tokens/year", description="first-year emission"),
    "emission_decay": ParamSpec("number", 0, 2, description="yearly factor applied to emissions"),
    "emission_schedule": ParamSpec(
        "schedule", 0, 1e11, unit="tokens/year", description="emission per year; overrides emission_per_year"
    ),
    "emission_cap": ParamSpec(
        "optional_number", 0, 1e12, unit="tokens", description="cap on scheduled emission"
    ),
    "provider_share": ParamSpec("number", 0, 1, description="share of emissions paid to providers"),
    "burn_share": ParamSpec("number", 0, 1, description="share of payments (BME) or of fees burned"),
    "fee_rate": ParamSpec("number", 0, 1, description="protocol fee as a share of payments"),
    "slash_rate": ParamSpec("number", 0, 1, unit="1/year", description="share of stake slashed per year"),
    "gpus": ParamSpec("number", 0, 1e8, unit="GPUs", description="GPUs serving at the start"),
    "gpu_demand_elasticity": ParamSpec("number", 0, 2, description="how GPU count follows demand"),
    "stake_per_gpu": ParamSpec("number", 0, 1e9, unit="tokens/GPU", description="stake required per GPU"),
    "vault_settlement": ParamSpec("bool", description="AEP-76 vault: providers minted USD/P one step later"),
    "net_emission_cap_per_year": ParamSpec(
        "number", 0, 1e11, unit="tokens/year", description="Helium-style re-mint cap; 0 disables"
    ),
    "net_emission_window": ParamSpec("integer", 1, 365, unit="steps", description="re-mint smoothing window"),
}

_COMMON: dict[str, Any] = {
    "initial_supply": 100_000_000.0,
    "initial_price": 1.0,
    "demand_usd_per_year": 10_000_000.0,
    "demand_model": "gbm",
    "demand_growth": 0.3,
    "demand_volatility": 0.5,
    "demand_capacity_usd_per_year": 100_000_000.0,
    "price_model": "reflexive",
    "price_drift": 0.0,
    "price_volatility": 0.6,
    "price_reflexivity": 1.0,
    "emission_per_year": 10_000_000.0,
    "emission_decay": 1.0,
    "emission_schedule": (),
    "emission_cap": None,
    "provider_share": 1.0,
    "gpus": 1_000.0,
    "gpu_demand_elasticity": 1.0,
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "bme": {
        **_COMMON,
        "burn_share": 1.0,
        "stake_per_gpu": 0.0,
        "vault_settlement": False,
        "net_emission_cap_per_year": 0.0,
        "net_emission_window": 7,
    },
    "sfa": {**_COMMON, "fee_rate": 0.2, "burn_share": 0.0, "slash_rate": 0.01, "stake_per_gpu": 10_000.0},
    "emission_buyback": {**_COMMON, "fee_rate": 0.02, "burn_share": 1.0, "stake_per_gpu": 2_000.0},
}


def _fmt(x: float) -> str:
    return f"{x:g}"


def _check_number(name: str, value: Any, spec: ParamSpec) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number (got {value!r})")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number (got {value!r})")
    low_ok = x > spec.lo if spec.lo_open else x >= spec.lo
    if not low_ok or x > spec.hi:
        low = f"greater than {_fmt(spec.lo)}" if spec.lo_open else f"at least {_fmt(spec.lo)}"
        raise ValueError(f"{name} must be {low} and at most {_fmt(spec.hi)} (got {value!r})")
    return x


def _check_integer(name: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a whole number (got {value!r})")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{name} must be a whole number (got {value!r})")
    n = int(value)
    if n < lo or n > hi:
        raise ValueError(f"{name} must be between {lo} and {hi} (got {value!r})")
    return n


def _check_param(name: str, value: Any, spec: ParamSpec) -> Any:
    if spec.kind == "number":
        return _check_number(name, value, spec)
    if spec.kind == "integer":
        return _check_integer(name, value, int(spec.lo), int(spec.hi))
    if spec.kind == "optional_number":
        return None if value is None else _check_number(name, value, spec)
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false (got {value!r})")
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise ValueError(f"{name} must be one of {', '.join(spec.choices)} (got {value!r})")
        return value
    if spec.kind == "schedule":
        if not isinstance(value, list | tuple):
            raise ValueError(f"{name} must be a list of yearly amounts (got {value!r})")
        if len(value) > MAX_SCHEDULE_YEARS:
            raise ValueError(f"{name} may list at most {MAX_SCHEDULE_YEARS} years (got {len(value)})")
        return tuple(_check_number(f"{name}[{i}]", v, spec) for i, v in enumerate(value))
    raise AssertionError(f"unknown parameter kind {spec.kind!r}")


def validate_simulate_params(
    model: str,
    params: Mapping[str, Any] | None,
    *,
    years: Any,
    steps_per_year: Any,
    runs: Any,
    seed: Any,
) -> tuple[dict[str, Any], int, int, int, int]:
    """Check a simulate request; return full parameters (defaults filled in), years, steps, runs, seed."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)} (got {model!r})")
    n_years = _check_integer("years", years, 1, MAX_YEARS)
    n_steps = _check_integer("steps_per_year", steps_per_year, 1, MAX_STEPS_PER_YEAR)
    n_runs = _check_integer("runs", runs, 1, MAX_RUNS)
    n_seed = _check_integer("seed", seed, 0, 2**63 - 1)
    if n_years * n_steps > MAX_TIMESTEPS:
        raise ValueError(f"years × steps_per_year is at most {MAX_TIMESTEPS:,} (about 1,000 ms of work), not"
                         f" {n_years} × {n_steps} = {n_years * n_steps:,}; lower one of them")
    work = n_runs * n_years * n_steps
    if work > MAX_PATH_STEPS:
        raise ValueError(f"runs × years × steps_per_year is at most {MAX_PATH_STEPS:,} (about 1,000 ms of work), not"
                         f" {n_runs} × {n_years} × {n_steps} = {work:,}; lower one of them")
    if params is not None and not isinstance(params, Mapping):
        raise ValueError(
            f"params must be a mapping of parameter names to values (got {type(params).__name__})"
        )
    allowed = DEFAULTS[model]
    out = dict(allowed)
    for name, value in (params or {}).items():
        if name not in PARAM_SPECS:
            raise ValueError(f"unknown parameter '{name}'")
        if name not in allowed:
            raise ValueError(f"parameter '{name}' does not apply to model '{model}'")
        out[name] = _check_param(name, value, PARAM_SPECS[name])
    return out, n_years, n_steps, n_runs, n_seed
