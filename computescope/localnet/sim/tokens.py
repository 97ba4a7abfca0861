"""The local network's token LOCAL: tenants' payments burned (BME) or providers' stake locked (SFA), scheduled mints."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from computescope.core.tokenomics.mechanisms import bme_step, equilibrium_price, sfa_locked, sfa_next_supply

TOKEN_STREAM = 8
TOKEN_MODELS = ("BME", "SFA")
SYMBOL = "LOCAL"


@dataclass(frozen=True)
class TokenParams:
    model: str = "BME"
    supply_per_node: float = 500_000.0        # the genesis supply scales with the fleet, so any size starts near balance
    initial_price: float = 0.40               # USD per LOCAL
    mint_per_node_day: float = 130.0          # scheduled, never a function of the burn
    stake_per_gpu: float = 2_500.0            # SFA: LOCAL locked per GPU offered
    drift_per_year: float = 0.05
    vol_per_year: float = 0.6
    reflexivity: float = 20.0                 # how strongly net burn (share of supply) moves the price
    max_move_per_day: float = 0.04            # the reflexive move is capped, as thin markets are arbitraged

    def __post_init__(self) -> None:
        if self.model not in TOKEN_MODELS:
            raise ValueError(f"token model must be one of {', '.join(TOKEN_MODELS)}, not {self.model!r}")


@dataclass(frozen=True)
class Epoch:
    """One settled epoch: USD paid by tenants, tokens burned and minted, the supply after, the price used, P*."""

    start_s: float
    end_s: float
    demand_usd: float
    price: float
    burned: float
    minted: float
    supply: float
    staked: float
    p_star: float


class TokenLedger:
    """Supply and price between epochs; an epoch is a day in a backfill and one tick in the live network."""

    def __init__(self, params: TokenParams, seed: int, nodes: int, supply: float | None = None, price: float | None = None) -> None:
        self.params = params
        self.seed = seed
        self.mint_per_day = params.mint_per_node_day * nodes
        self.supply = params.supply_per_node * nodes if supply is None else supply
        self.price = params.initial_price if price is None else price

    def settle(self, start_s: float, end_s: float, demand_usd: float, gpus: float) -> Epoch:
        """Pay for `demand_usd` of compute served in [start_s, end_s) and mint the period's schedule."""
        p = self.params
        days = (end_s - start_s) / 86_400
        mint = self.mint_per_day * days
        price = self.price
        staked = 0.0
        if p.model == "BME":
            step = bme_step(self.supply, demand_usd, price, mint)
            burned, minted, supply = float(step.burned), float(step.minted), float(step.supply)
        else:
            staked = float(sfa_locked(gpus, p.stake_per_gpu))
            burned, minted = 0.0, mint
            supply = float(sfa_next_supply(self.supply, mint))
        p_star = float(equilibrium_price(demand_usd, mint)) if mint > 0 else math.nan
        rng = np.random.default_rng([self.seed, TOKEN_STREAM, int(start_s // 3600)])
        years = days / 365.0
        pressure = (burned - minted) / max(self.supply, 1.0) if p.model == "BME" else (staked / max(self.supply, 1.0)) * years
        step_log = (p.drift_per_year - 0.5 * p.vol_per_year**2) * years + p.vol_per_year * math.sqrt(years) * float(rng.standard_normal())
        cap = p.max_move_per_day * days
        self.price = float(price * math.exp(step_log + min(max(p.reflexivity * pressure, -cap), cap)))
        self.supply = supply
        return Epoch(start_s, end_s, demand_usd, price, burned, minted, supply, staked, p_star)
