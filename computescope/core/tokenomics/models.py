"""Monte Carlo token-supply scenarios: BME, stake-for-access and emission plus buy-back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from computescope.core.tokenomics.mechanisms import net_emission
from computescope.core.tokenomics.simulation import Array, Block, Model, Params, Signals, State, run
from computescope.core.tokenomics.validation import validate_simulate_params

# Token amounts live on a 2^-10 grid: sums of grid values below 2^43 are exact in float64, so the
# identities S_T = S_0 + ΣM − ΣB and float + locked = supply hold bit for bit.
TOKEN_QUANTUM = 2.0**-10

OUTPUT_VARIABLES: tuple[str, ...] = (
    "supply",
    "burned",
    "minted",
    "locked",
    "float",
    "price",
    "demand_usd",
    "provider_income_usd",
    "p_star",
    "gpus",
)

# Bounds one step's log-return so extreme parameter corners saturate instead of overflowing to inf.
_MAX_LOG_STEP = 20.0


def quantise(x: Any) -> Any:
    """Round token amounts down to the accounting grid."""
    return np.floor(np.asarray(x, dtype=np.float64) / TOKEN_QUANTUM) * TOKEN_QUANTUM


def emission_per_step(params: Mapping[str, Any], years: int, steps_per_year: int) -> Array:
    """Scheduled mint for every step: yearly amounts spread evenly over the year's steps, capped in total."""
    schedule = tuple(params["emission_schedule"])
    decay = params["emission_decay"]
    yearly = []
    for y in range(years):
        if schedule:
            extra = y - len(schedule) + 1
            yearly.append(schedule[y] if extra <= 0 else schedule[-1] * decay**extra)
        else:
            yearly.append(params["emission_per_year"] * decay**y)
    per_step = quantise(np.repeat(np.asarray(yearly, dtype=np.float64) / steps_per_year, steps_per_year))
    cap = params["emission_cap"]
    if cap is not None:
        per_step = np.diff(np.minimum(np.cumsum(per_step), quantise(cap)), prepend=0.0)
    return per_step


# --- policies: (params, substep, history, state, rng) -> signals ---------------------------------


def _market_noise(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    n = st["supply"].shape[0]
    return {"demand_z": rng.standard_normal(n), "price_z": rng.standard_normal(n)}


def _emission(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    mint = np.full(st["supply"].shape, p["emission"][st["timestep"] - 1])
    return {"mint": mint, "provider_usd": mint * p["provider_share"] * st["price"]}


def _payment_burn(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    return {"burn_usd": st["demand_usd"] * p["burn_share"]}


def _vault_settlement(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    # ACT issued last step settles now: the provider is minted its USD value at today's price.
    return {"mint_usd": st["act_outstanding"], "provider_usd": st["act_outstanding"]}


def _protocol_fee(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    fee = st["demand_usd"] * p["fee_rate"]
    return {"burn_usd": fee * p["burn_share"], "provider_usd": st["demand_usd"] - fee}


def _slashing(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    return {"burn_tokens": st["locked"] * p["slash_rate"] * p["dt"]}


def _net_emission(p: Params, s: int, h: Sequence[State], st: State, rng: np.random.Generator) -> Signals:
    ne = net_emission(st["remint_target"], st["burned"], cap=p["remint_cap"], window=p["net_emission_window"])
    return {"remint": quantise(ne.reminted), "target": ne.target}


# --- state updates: (params, substep, history, state, signals) -> (variable, value) ---------------


def _log_step(drift: float, vol: float, dt: float, z: Array) -> Array:
    return (drift - 0.5 * vol * vol) * dt + vol * np.sqrt(dt) * z


def _update_demand(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    d = st["demand_usd"]
    growth = p["demand_growth"]
    if p["demand_model"] == "logistic":
        growth = growth * (1.0 - d / p["demand_capacity"])
    step = np.clip(
        _log_step(growth, p["demand_volatility"], p["dt"], sig["demand_z"]), -_MAX_LOG_STEP, _MAX_LOG_STEP
    )
    return "demand_usd", d * np.exp(step)


def _update_price(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    step = _log_step(p["price_drift"], p["price_volatility"], p["dt"], sig["price_z"])
    if p["price_model"] == "reflexive":
        # Last step's tokens leaving the float (burned or newly staked) net of those minted, as a share
        # of supply: bounded by the supply, so the feedback cannot run away.
        absorbed = st["burned"] + st["locked_change"] - st["minted"]
        step = step + p["price_reflexivity"] * absorbed / np.maximum(st["supply"], TOKEN_QUANTUM)
    return "price", st["price"] * np.exp(np.clip(step, -_MAX_LOG_STEP, _MAX_LOG_STEP))


def _sig(sig: Signals, key: str, like: Array) -> Array:
    return sig[key] if key in sig else np.zeros_like(like)


def _step_mint(st: State, sig: Signals) -> Array:
    mint_usd = _sig(sig, "mint_usd", st["price"])
    return quantise(_sig(sig, "mint", st["price"])) + quantise(mint_usd / st["price"])


def _update_minted(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "minted", _step_mint(st, sig)


def _update_burned(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    like = st["price"]
    # Buy-side burns can only use tokens on the market (float plus this step's mint); slashing only stake.
    bought = np.minimum(quantise(_sig(sig, "burn_usd", like) / like), st["float"] + _step_mint(st, sig))
    slashed = np.minimum(quantise(_sig(sig, "burn_tokens", like)), st["locked"])
    return "burned", bought + slashed


def _update_p_star(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    like = st["price"]
    usd = _sig(sig, "burn_usd", like) - _sig(sig, "mint_usd", like)
    tokens = _sig(sig, "mint", like) - _sig(sig, "burn_tokens", like)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_star = np.where(tokens > 0, usd / tokens, np.nan)
    return "p_star", np.where(p_star > 0, p_star, np.nan)


def _update_income(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "provider_income_usd", _sig(sig, "provider_usd", st["price"])


def _update_act(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "act_outstanding", st["demand_usd"] * p["burn_share"]


def _update_target(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "remint_target", sig["target"]


def _add_remint(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "minted", st["minted"] + sig["remint"]


def _remint_income(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    paid = sig["remint"] * p["provider_share"] * st["price"]
    return "provider_income_usd", st["provider_income_usd"] + paid


def _update_supply(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "supply", st["supply"] + st["minted"] - st["burned"]


def _update_gpus(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "gpus", p["gpus"] * (st["demand_usd"] / p["demand0"]) ** p["gpu_demand_elasticity"]


def _required_lock(p: Params, st: State) -> Array:
    return np.minimum(quantise(st["gpus"] * p["stake_per_gpu"]), st["supply"])


def _update_locked(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "locked", _required_lock(p, st)


def _update_float(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "float", st["supply"] - _required_lock(p, st)


def _update_locked_change(p: Params, s: int, h: Sequence[State], st: State, sig: Signals) -> tuple[str, Any]:
    return "locked_change", _required_lock(p, st) - st["locked"]


def build_model(model: str, params: Mapping[str, Any], years: int, steps_per_year: int) -> Model:
    """The runner model for one scenario; `params` must already be validated and complete."""
    p: dict[str, Any] = dict(params)
    p["dt"] = 1.0 / steps_per_year
    p["emission"] = emission_per_step(params, years, steps_per_year)
    p["demand0"] = params["demand_usd_per_year"] / steps_per_year
    p["demand_capacity"] = params["demand_capacity_usd_per_year"] / steps_per_year
    supply0 = float(quantise(params["initial_supply"]))
    locked0 = min(float(quantise(params["gpus"] * params["stake_per_gpu"])), supply0)
    initial = {
        "supply": supply0,
        "burned": 0.0,
        "minted": 0.0,
        "locked": locked0,
        "float": supply0 - locked0,
        "price": params["initial_price"],
        "demand_usd": p["demand0"],
        "provider_income_usd": 0.0,
        "p_star": np.nan,
        "gpus": params["gpus"],
        "act_outstanding": 0.0,
        "remint_target": 0.0,
        "locked_change": 0.0,
    }
    flow_policies: dict[str, Any] = {"emission": _emission}
    flow_vars: dict[str, Any] = {
        "minted": _update_minted,
        "burned": _update_burned,
        "p_star": _update_p_star,
        "provider_income_usd": _update_income,
    }
    if model == "bme":
        flow_policies["payment_burn"] = _payment_burn
        if params["vault_settlement"]:
            flow_policies["vault_settlement"] = _vault_settlement
            flow_vars["act_outstanding"] = _update_act
    else:
        flow_policies["protocol_fee"] = _protocol_fee
        if model == "sfa":
            flow_policies["slashing"] = _slashing
    blocks = [
        Block({"noise": _market_noise}, {"demand_usd": _update_demand, "price": _update_price}, "market"),
        Block(flow_policies, flow_vars, "flows"),
    ]
    if model == "bme" and params["net_emission_cap_per_year"] > 0:
        p["remint_cap"] = params["net_emission_cap_per_year"] / steps_per_year
        blocks.append(
            Block(
                {"net_emission": _net_emission},
                {
                    "remint_target": _update_target,
                    "minted": _add_remint,
                    "provider_income_usd": _remint_income,
                },
                "net_emission",
            )
        )
    blocks.append(Block({}, {"supply": _update_supply, "gpus": _update_gpus}, "supply"))
    stake_vars = {"locked": _update_locked, "float": _update_float, "locked_change": _update_locked_change}
    blocks.append(Block({}, stake_vars, "stake"))
    return Model(initial_state=initial, params=p, blocks=blocks)


def simulate(
    model: str,
    params: Mapping[str, Any] | None = None,
    years: int = 5,
    steps_per_year: int = 52,
    runs: int = 100,
    seed: int = 0,
) -> pl.DataFrame:
    """Monte Carlo scenario for model "bme", "sfa" or "emission_buyback"; one row per run and step.

    Columns: simulation, subset, run, substep, timestep, then supply, burned, minted, locked, float,
    price, demand_usd, provider_income_usd, p_star and gpus. Flows (burned, minted, demand_usd,
    provider_income_usd) are per step; p_star is the price at which the step's flows would leave the
    supply unchanged (NaN when no positive price does). Raises ValueError naming the bad parameter.
    """
    full, n_years, n_steps, n_runs, n_seed = validate_simulate_params(
        model, params, years=years, steps_per_year=steps_per_year, runs=runs, seed=seed
    )
    df = run(
        build_model(model, full, n_years, n_steps), timesteps=n_years * n_steps, runs=n_runs, seed=n_seed
    )
    return df.select(["simulation", "subset", "run", "substep", "timestep", *OUTPUT_VARIABLES])


def _band_name(q: float) -> str:
    pct = q * 100
    return f"p{int(round(pct)):02d}" if abs(pct - round(pct)) < 1e-9 else f"p{pct:g}"


def summarise_bands(
    df: pl.DataFrame, var: str, quantiles: Sequence[float] = (0.05, 0.5, 0.95)
) -> pl.DataFrame:
    """Per-timestep quantile bands of `var` across runs: subset, timestep, p05, p50, p95 by default.

    NaN values (p_star where no equilibrium exists) are left out of the quantiles.
    """
    if var not in df.columns or var in ("simulation", "subset", "run", "substep", "timestep"):
        raise ValueError(f"var must be a state variable column of the frame (got {var!r})")
    qs = list(quantiles)
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs) or qs != sorted(set(qs)):
        raise ValueError("quantiles must be increasing, distinct and between 0 and 1")
    return (
        df.group_by(["subset", "timestep"])
        .agg(
            [pl.col(var).fill_nan(None).quantile(q, interpolation="linear").alias(_band_name(q)) for q in qs]
        )
        .sort(["subset", "timestep"])
    )
