"""Token-incentive mechanisms as small pure functions: BME, Akash, Render, io.net, SFA, Aethir and Gensyn."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Num = Any  # a float or a numpy array; every function here works elementwise on either

HELIUM_NET_EMISSION_CAP_PER_DAY = 1_643.83561643
AKASH_M0 = 100_000_000.0
AKASH_I0 = 1.0
AKASH_HALF_LIFE_YEARS = 2.0
RENDER_BASE_SUPPLY = 536_870_912.0
RENDER_EMISSION_POOL = 107_374_182.0
RENDER_LAUNCH_EMISSIONS: tuple[float, ...] = (9_126_804.0, 5_900_000.0, 5_900_000.0)
RENDER_DAMPING = 0.945
IONET_LAUNCH_SUPPLY = 500_000_000.0
IONET_EMISSION_CAP = 300_000_000.0
IONET_MONTHS = 240
IONET_START_RATE = 0.08 / 12
IONET_DISINFLATION = 1.0 - 0.010150801
IONET_STAKE_PER_GPU = 200.0
AETHIR_TOTAL_SUPPLY = 42_000_000_000.0
AETHIR_CHECKER_DAYS = 1461
GENSYN_TOTAL_SUPPLY = 10_000_000_000.0


# --- Burn-and-mint equilibrium -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BmeStep:
    """One BME epoch: tokens burned by demand, tokens minted (re-mint included), new supply and P*."""

    supply: Num
    burned: Num
    minted: Num
    reminted: Num
    net_change: Num
    p_star: Num
    target: Num | None = None


def bme_burn(demand_usd: Num, price: Num) -> Num:
    """Tokens burned when `demand_usd` of service is paid for at token price `price`: B = D / P."""
    return demand_usd / price


def equilibrium_price(demand_usd: Num, mint: Num) -> Num:
    """The price at which burn equals mint, P* = D / M; above it supply inflates, below it deflates.

    With nothing minted there is no finite equilibrium: the result is inf (nan when D is 0 too).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(demand_usd, mint, dtype=np.float64)


def bme_step(
    supply: Num,
    demand_usd: Num,
    price: Num,
    mint: Num,
    *,
    remint: Num = 0.0,
    net_emission_target: Num | None = None,
    net_emission_cap: Num = HELIUM_NET_EMISSION_CAP_PER_DAY,
    window: int = 7,
) -> BmeStep:
    """S' = S + M − B + re-mint; the scheduled mint M never depends on the burn.

    Pass yesterday's `net_emission_target` to re-mint Helium-style (smoothed burn, capped); otherwise
    `remint` is added as given.
    """
    burned = bme_burn(demand_usd, price)
    target = None
    if net_emission_target is not None:
        ne = net_emission(net_emission_target, burned, cap=net_emission_cap, window=window)
        remint, target = ne.reminted, ne.target
    minted = mint + remint
    net = minted - burned
    return BmeStep(
        supply=supply + net,
        burned=burned,
        minted=minted,
        reminted=remint,
        net_change=net,
        p_star=equilibrium_price(demand_usd, mint),
        target=target,
    )


@dataclass(frozen=True, slots=True)
class NetEmission:
    """Helium-style net emissions: the smoothed burn target, the capped re-mint and what stays burned."""

    target: Num
    reminted: Num
    burned_for_good: Num


def net_emission(
    target_prev: Num, burn: Num, *, cap: Num = HELIUM_NET_EMISSION_CAP_PER_DAY, window: int = 7
) -> NetEmission:
    """target = (prev·(w−1) + burn)/w; re-mint min(target, cap); kept burned max(burn − re-mint, 0)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    target = (target_prev * (window - 1) + burn) / window
    reminted = np.minimum(target, cap)
    return NetEmission(target=target, reminted=reminted, burned_for_good=np.maximum(burn - reminted, 0.0))


# --- Akash ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VaultFlow:
    """AKT burned to mint ACT, AKT minted when ACT settles, and the net (positive = net inflation)."""

    burned: Num
    minted: Num
    net: Num


def akash_vault_flow(usd: Num, price_mint: Num, price_settle: Num) -> VaultFlow:
    """AEP-76: burn USD/P_mint AKT for ACT at top-up; mint USD/P_settle AKT to the provider at settlement."""
    burned = usd / price_mint
    minted = usd / price_settle
    return VaultFlow(burned=burned, minted=minted, net=minted - burned)


def akash_supply(
    t_years: Num, *, m0: float = AKASH_M0, i0: float = AKASH_I0, half_life: float = AKASH_HALF_LIFE_YEARS
) -> Num:
    """AEP-5 supply M(t) = M0·(1 + i0·T½/ln2·(1 − 2^(−t/T½)))."""
    return m0 * (
        1.0 + i0 * half_life / math.log(2.0) * (1.0 - np.power(2.0, -np.asarray(t_years) / half_life))
    )


def akash_inflation(t_years: Num, *, i0: float = AKASH_I0, half_life: float = AKASH_HALF_LIFE_YEARS) -> Num:
    """AEP-5 inflation relative to M0: i(t) = i0·2^(−t/T½)."""
    return i0 * np.power(2.0, -np.asarray(t_years) / half_life)


def akash_max_supply(
    *, m0: float = AKASH_M0, i0: float = AKASH_I0, half_life: float = AKASH_HALF_LIFE_YEARS
) -> float:
    """AEP-5 asymptotic supply M(∞) = M0·(1 + i0·T½/ln2)."""
    return m0 * (1.0 + i0 * half_life / math.log(2.0))


def akash_annual_emissions(
    start_year: float,
    years: int,
    *,
    m0: float = AKASH_M0,
    i0: float = AKASH_I0,
    half_life: float = AKASH_HALF_LIFE_YEARS,
) -> tuple[float, ...]:
    """Tokens minted in each of `years` years from `start_year` on the AEP-5 curve."""
    edges = akash_supply(
        start_year + np.arange(years + 1, dtype=np.float64), m0=m0, i0=i0, half_life=half_life
    )
    return tuple(float(x) for x in np.diff(edges))


# --- Render --------------------------------------------------------------------------------------


def render_annual_emissions(
    years: int,
    *,
    launch: tuple[float, ...] = RENDER_LAUNCH_EMISSIONS,
    launch_years: int = 5,
    damping: float = RENDER_DAMPING,
    pool: float = RENDER_EMISSION_POOL,
    max_annual_share: float = 0.10,
) -> tuple[float, ...]:
    """RNP-001-style schedule: launch-year amounts (the last known one repeats), then ×damping each year.

    Each year is capped at `max_annual_share` of the emission pool and the total at the pool.
    """
    if years < 0 or not launch or launch_years < 1:
        raise ValueError("years must be ≥ 0 and the launch schedule non-empty")
    out: list[float] = []
    prev = 0.0
    remaining = pool
    for y in range(1, years + 1):
        amount = (launch[y - 1] if y <= len(launch) else launch[-1]) if y <= launch_years else prev * damping
        prev = amount
        amount = min(amount, max_annual_share * pool, remaining)
        remaining -= amount
        out.append(amount)
    return tuple(out)


# --- io.net --------------------------------------------------------------------------------------


def ionet_monthly_emissions(
    months: int = IONET_MONTHS,
    *,
    base: float = IONET_LAUNCH_SUPPLY,
    start_rate: float = IONET_START_RATE,
    disinflation: float = IONET_DISINFLATION,
    cap: float = IONET_EMISSION_CAP,
    compounding: bool = False,
) -> npt.NDArray[np.float64]:
    """Monthly IO emissions: rate_k = start_rate·disinflation^k on a fixed base (or the running supply).

    The published table uses the fixed 500M base; `compounding=True` applies the rate to the previous
    month's supply as the formula text reads. Cumulative emissions stop at `cap`.
    """
    rates = start_rate * np.power(disinflation, np.arange(months, dtype=np.float64))
    if compounding:
        raw = np.empty(months)
        supply = base
        for k, rate in enumerate(rates):
            raw[k] = supply * rate
            supply += raw[k]
    else:
        raw = base * rates
    capped = np.minimum(np.cumsum(raw), cap)
    return np.diff(capped, prepend=0.0)


def ionet_fee_revenue(
    volume_usd: Num, *, usdc_share: Num = 0.0, reservation_fee: float = 0.0025, usdc_fee: float = 0.02
) -> Num:
    """Protocol revenue: a reservation fee from each side plus the USDC payment fee (IO payments pay none)."""
    return volume_usd * (2.0 * reservation_fee + usdc_share * usdc_fee)


def buyback_burn(revenue_usd: Num, price: Num, burn_share: Num = 1.0) -> Num:
    """Tokens bought and burned with `burn_share` of revenue; the amount is sized by the token price."""
    return revenue_usd * burn_share / price


def ionet_min_stake(gpus: Num, multiplier: Num, *, per_gpu: float = IONET_STAKE_PER_GPU) -> Num:
    """Minimum io.net stake: 200 IO × max(1, earning multiplier) × number of GPUs."""
    return per_gpu * np.maximum(1.0, multiplier) * gpus


# --- Stake-for-access ----------------------------------------------------------------------------


def sfa_locked(capacity: Num, stake_per_unit: Num) -> float:
    """Tokens locked by stake-for-access: Σ capacity_i × stake_per_unit_i."""
    return float(
        np.sum(np.asarray(capacity, dtype=np.float64) * np.asarray(stake_per_unit, dtype=np.float64))
    )


def sfa_float(supply: Num, locked: Num) -> Num:
    """Freely tradable tokens: supply minus what is locked as stake."""
    return supply - locked


def slash(stake: Num, fraction: Num) -> Num:
    """Tokens burned when `fraction` of a stake is slashed."""
    return stake * fraction


def sfa_next_supply(supply: Num, emission: Num, slashed_burn: Num = 0.0, buyback_burn: Num = 0.0) -> Num:
    """S' = S + emission − slashed burn − buy-back burn."""
    return supply + emission - slashed_burn - buyback_burn


def required_token_price(stake_usd_required: Num, locked: Num) -> Num:
    """Token price needed for the locked stake to be worth a target security budget: P ≥ budget / locked."""
    return stake_usd_required / locked


# --- Aethir --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckerPool:
    """Aethir checker rewards: a daily base pool and a quarterly bonus pool."""

    base_total: float
    base_daily: float
    bonus_total: float
    bonus_per_quarter: float
    days: int
    quarters: int
    first_bonus_quarter: int


def aethir_checker_pool(
    *,
    total_supply: float = AETHIR_TOTAL_SUPPLY,
    base_share: float = 0.10,
    bonus_share: float = 0.05,
    days: int = AETHIR_CHECKER_DAYS,
    quarters: int = 16,
    first_bonus_quarter: int = 5,
) -> CheckerPool:
    """Base 10 % of supply paid daily over 4 years; bonus 5 % paid quarterly from the 5th quarter on."""
    base_total = total_supply * base_share
    bonus_total = total_supply * bonus_share
    return CheckerPool(
        base_total=base_total,
        base_daily=base_total / days,
        bonus_total=bonus_total,
        bonus_per_quarter=bonus_total / (quarters - first_bonus_quarter + 1),
        days=days,
        quarters=quarters,
        first_bonus_quarter=first_bonus_quarter,
    )


def aethir_checker_emission(day: int, pool: CheckerPool | None = None) -> float:
    """ATH paid to checkers on `day` (1-based): daily base, plus the bonus on a bonus quarter's last day."""
    p = pool or aethir_checker_pool()
    if day < 1 or day > p.days:
        return 0.0
    quarter_ends = {round(q * p.days / p.quarters): q for q in range(1, p.quarters + 1)}
    q = quarter_ends.get(day)
    bonus = p.bonus_per_quarter if q is not None and q >= p.first_bonus_quarter else 0.0
    return p.base_daily + bonus


def aethir_checker_annual(pool: CheckerPool | None = None) -> tuple[float, ...]:
    """Checker emissions per year of the four-year window."""
    p = pool or aethir_checker_pool()
    years = p.quarters // 4
    out = []
    for y in range(1, years + 1):
        bonus_quarters = sum(1 for q in range(4 * y - 3, 4 * y + 1) if q >= p.first_bonus_quarter)
        out.append(p.base_total / years + bonus_quarters * p.bonus_per_quarter)
    return tuple(out)


# --- Gensyn --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeeBuyback:
    """A protocol fee used to buy the token back, split into burn, treasury and executor shares."""

    fee_usd: Num
    bought: Num
    burned: Num
    treasury: Num
    executor: Num


def fee_buyback(
    volume_usd: Num,
    price: Num,
    *,
    fee_rate: float = 0.005,
    burn_share: float = 0.70,
    treasury_share: float = 0.29,
    executor_share: float = 0.01,
) -> FeeBuyback:
    """Gensyn-style buyback: fee_rate of volume buys tokens; 70 % burned, 29 % treasury, 1 % executor."""
    if not math.isclose(burn_share + treasury_share + executor_share, 1.0):
        raise ValueError("burn, treasury and executor shares must add up to 1")
    fee = volume_usd * fee_rate
    bought = fee / price
    return FeeBuyback(
        fee_usd=fee,
        bought=bought,
        burned=bought * burn_share,
        treasury=bought * treasury_share,
        executor=bought * executor_share,
    )
