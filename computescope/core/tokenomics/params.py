"""Calibrated token parameters per network, each with its source; unknowns are flagged as assumptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from computescope.core.catalog.networks import NETWORKS
from computescope.core.tokenomics import mechanisms as tm
from computescope.core.tokenomics.models import simulate
from computescope.core.tokenomics.validation import DEFAULTS, MAX_YEARS


@dataclass(frozen=True, slots=True)
class TokenParam:
    """One parameter value with its unit and source; `assumption` marks a value no source pins down."""

    name: str
    value: Any
    unit: str
    source: str
    assumption: bool = False
    note: str = ""


def _p(name: str, value: Any, unit: str, source: str, note: str = "") -> TokenParam:
    return TokenParam(name, value, unit, source, False, note)


def _a(name: str, value: Any, unit: str, source: str, note: str) -> TokenParam:
    return TokenParam(name, value, unit, source, True, note)


def _ionet_yearly() -> tuple[float, ...]:
    monthly = tm.ionet_monthly_emissions()
    return tuple(float(x) for x in monthly.reshape(-1, 12).sum(axis=1))


def _aethir_yearly(compute_pool: float, compute_years: int) -> tuple[float, ...]:
    checker = tm.aethir_checker_annual()
    return tuple(
        (checker[y] if y < len(checker) else 0.0)
        + (compute_pool / compute_years if y < compute_years else 0.0)
        for y in range(MAX_YEARS)
    )


def _gensyn_yearly(treasury_years: int, vesting_years: tuple[int, ...]) -> tuple[float, ...]:
    treasury = _GENSYN_TREASURY / treasury_years
    vesting = _GENSYN_TEAM_INVESTORS / len(vesting_years)
    return tuple(
        (treasury if y <= treasury_years else 0.0) + (vesting if y in vesting_years else 0.0)
        for y in range(1, MAX_YEARS + 1)
    )


_AKASH_START_YEAR = 5.5
_AETHIR_COMPUTE_POOL = 0.35 * tm.AETHIR_TOTAL_SUPPLY
_GENSYN_TREASURY = 0.404 * tm.GENSYN_TOTAL_SUPPLY
_GENSYN_TEAM_INVESTORS = 0.546 * tm.GENSYN_TOTAL_SUPPLY
_DOCS_AETHIR = "docs.aethir.com"
_ILLUSTRATIVE = "illustrative start value; replace with a live market figure"

NETWORK_MODELS: dict[str, str] = {n.slug: n.token_mechanism for n in NETWORKS if n.token_mechanism}

NETWORK_PARAMS: dict[str, tuple[TokenParam, ...]] = {
    "render": (
        _p("max_supply", 644_245_094.0, "RENDER", "RNP-001"),
        _p("emission_pool", tm.RENDER_EMISSION_POOL, "RENDER", "RNP-001", "20 % of the 2018 supply"),
        _p("year1_emission", tm.RENDER_LAUNCH_EMISSIONS[0], "RENDER", "RNP-006; medium.com/render-token"),
        _p("damping", tm.RENDER_DAMPING, "per year", "RNP-001", "growth phase after launch years 1–5"),
        _p("node_operator_emission_year1", 190_142.0, "RENDER/month", "RNP-006"),
        _p("initial_supply", tm.RENDER_BASE_SUPPLY, "RENDER", "RNP-001", "2018 supply at the BME start"),
        _a(
            "emission_schedule",
            tm.render_annual_emissions(MAX_YEARS),
            "RENDER/year",
            "RNP-001; RNP-006; RNP-018; RNP-022",
            "years 4–5 repeat year 3, damping applied year on year; the RNP-001 spreadsheet is not public",
        ),
        _p("emission_cap", tm.RENDER_EMISSION_POOL, "RENDER", "RNP-001"),
        _p("burn_share", 0.95, "share", "RNP-006; RNP-019", "payments burn after a 5 % transaction fee"),
        _p("provider_share", 0.25, "share", "RNP-006; RNP-022", "node-operator share of emissions"),
        _p(
            "stake_per_gpu",
            0.0,
            "RENDER/GPU",
            "know.rendernetwork.com; RNP-019",
            "no stake for node operators",
        ),
        _a(
            "gpus",
            250.0,
            "GPUs",
            "Render epoch payout files (Oct 2025)",
            "wallets paid per epoch used as a proxy",
        ),
        _p("demand_usd_per_year", 2_100_000.0, "USD/year", "stats.renderfoundation.com burns (2024)"),
        _a(
            "initial_price",
            round(2_100_000.0 / 309_698.0, 2),
            "USD",
            "stats.renderfoundation.com burns (2024)",
            "2024 average burn price used as the start price",
        ),
        _p("demand_growth", 0.87, "1/year", "RNP-022", "network usage +87 % YoY (2025, EUR-denominated)"),
        _a("demand_volatility", 0.5, "1/√year", "model", "no source measures usage volatility"),
        _a("price_volatility", 0.9, "1/√year", "model", "not from a Render source; mid-cap token level"),
        _a(
            "net_emission_cap_per_year",
            0.0,
            "RENDER/year",
            "RNP-001",
            "RNP-001 allows a capped re-mint but the cap is not stated; off",
        ),
    ),
    "akash": (
        _p("m0", tm.AKASH_M0, "AKT", "AEP-5 economics.pdf"),
        _p("i0", tm.AKASH_I0, "1/year", "AEP-5 economics.pdf", "100 % APR at t = 0"),
        _p("half_life", tm.AKASH_HALF_LIFE_YEARS, "years", "AEP-5 economics.pdf"),
        _p("max_supply", tm.akash_max_supply(), "AKT", "AEP-5 economics.pdf"),
        _p("take_rate_akt", 0.04, "share", "AEP-23", "removed by AEP-76"),
        _p("take_rate_usdc", 0.20, "share", "AEP-23", "removed by AEP-76"),
        _a(
            "curve_year_at_start",
            _AKASH_START_YEAR,
            "years",
            "AEP-5 economics.pdf",
            "position on the AEP-5 curve at the start; replace with the live chainStats.totalSupply",
        ),
        _a(
            "initial_supply",
            float(tm.akash_supply(_AKASH_START_YEAR)),
            "AKT",
            "AEP-5 economics.pdf",
            "read from the AEP-5 curve, not from the chain",
        ),
        _p("emission_schedule", tm.akash_annual_emissions(_AKASH_START_YEAR, MAX_YEARS), "AKT/year", "AEP-5"),
        _p(
            "provider_share",
            0.0,
            "share",
            "AEP-5; AEP-76",
            "inflation goes to stakers; providers settle via ACT",
        ),
        _p("burn_share", 1.0, "share", "AEP-76", "tenants burn AKT for ACT; take rates removed"),
        _p("vault_settlement", True, "", "AEP-76", "ACT settles to AKT minted at the settlement price"),
        _a("stake_per_gpu", 0.0, "AKT/GPU", "AEP-76", "provider bid deposits are small and refundable"),
        _a("gpus", 430.0, "GPUs", "third-party note (2026-10-01)", "secondary figure: 421–442 GPUs"),
        _a(
            "demand_usd_per_year",
            3_650_000.0,
            "USD/year",
            "model",
            "replace with console-api dailyUUsdSpent × 365",
        ),
        _a("initial_price", 1.14, "USD", "AEP-76 worked example", _ILLUSTRATIVE),
        _a("demand_growth", 0.3, "1/year", "model", "no sourced growth rate"),
        _a("demand_volatility", 0.6, "1/√year", "model", "no source measures usage volatility"),
        _a("price_volatility", 0.9, "1/√year", "model", "not from an Akash source"),
    ),
    "ionet": (
        _p(
            "max_supply",
            tm.IONET_LAUNCH_SUPPLY + tm.IONET_EMISSION_CAP,
            "IO",
            "docs.io.net/docs/io-tokenomics",
        ),
        _p(
            "initial_supply",
            tm.IONET_LAUNCH_SUPPLY,
            "IO",
            "docs.io.net/docs/io-tokenomics",
            "supply at launch",
        ),
        _p("emission_cap", tm.IONET_EMISSION_CAP, "IO", "docs.io.net/docs/io-tokenomics", "over 240 months"),
        _p(
            "start_rate",
            tm.IONET_START_RATE,
            "per month",
            "docs.io.net/docs/ionet-monthly-token-emission-schedule",
            "8 % a year",
        ),
        _p(
            "disinflation",
            tm.IONET_DISINFLATION,
            "per month",
            "docs.io.net/docs/ionet-monthly-token-emission-schedule",
        ),
        _a(
            "emission_base",
            tm.IONET_LAUNCH_SUPPLY,
            "IO",
            "docs.io.net/docs/ionet-monthly-token-emission-schedule",
            "the table applies the rate to the fixed launch supply; the formula text to the running supply",
        ),
        _p(
            "emission_schedule",
            _ionet_yearly(),
            "IO/year",
            "docs.io.net/docs/ionet-monthly-token-emission-schedule",
            "monthly emissions summed per year",
        ),
        _p(
            "provider_share",
            1.0,
            "share",
            "docs.io.net/docs/io-tokenomics",
            "emitted to suppliers and stakers",
        ),
        _p("reservation_fee", 0.0025, "share per side", "docs.io.net/docs/io-tokenomics"),
        _p("usdc_fee", 0.02, "share", "docs.io.net/docs/io-tokenomics", "0 % when paying in IO"),
        _a(
            "fee_rate",
            float(tm.ionet_fee_revenue(1.0, usdc_share=0.5)),
            "share",
            "docs.io.net/docs/io-tokenomics",
            "the USDC share of payments is not published; half assumed",
        ),
        _p("burn_share", 1.0, "share", "docs.io.net/docs/io-tokenomics", "revenue buys and burns IO"),
        _p("stake_per_gpu_base", tm.IONET_STAKE_PER_GPU, "IO/GPU", "docs.io.net/docs/io-staking"),
        _a(
            "stake_per_gpu",
            float(tm.ionet_min_stake(1, 10.0)),
            "IO/GPU",
            "docs.io.net/docs/io-staking",
            "fleet-average multiplier unknown; H100 (×10) assumed",
        ),
        _a("gpus", 12_000.0, "GPUs", "io.net post-mortem (2024-04, 2nd)", "verified active GPUs, secondary"),
        _a(
            "demand_usd_per_year",
            20_000_000.0,
            "USD/year",
            "probsee.com/p/ionet (2nd)",
            "secondary; revenue or volume is unclear",
        ),
        _a("initial_price", 2.0, "USD", "model", _ILLUSTRATIVE),
        _a("demand_growth", 0.3, "1/year", "model", "no sourced growth rate"),
        _a("price_volatility", 1.0, "1/√year", "model", "not from an io.net source"),
    ),
    "aethir": (
        _p("max_supply", tm.AETHIR_TOTAL_SUPPLY, "ATH", f"{_DOCS_AETHIR} token overview", "fixed"),
        _p(
            "checker_base_share",
            0.10,
            "share",
            f"{_DOCS_AETHIR} how-do-checker-nodes-work",
            "daily over 4 years",
        ),
        _p(
            "checker_bonus_share",
            0.05,
            "share",
            f"{_DOCS_AETHIR} how-do-checker-nodes-work",
            "quarterly, from the 5th quarter",
        ),
        _p(
            "checker_days", float(tm.AETHIR_CHECKER_DAYS), "days", "docs.zoofi.io", "2024-06-12 to 2028-06-11"
        ),
        _p("checker_licences", 91_759.0, "licences", "docs.zoofi.io", "minted of a 100,000 cap"),
        _p("compute_share", 0.35, "share", "gate.com course; docs.aethir.com token distribution"),
        _a(
            "initial_supply",
            5_000_000_000.0,
            "ATH",
            "model",
            "circulating supply at the start is not in our sources",
        ),
        _a(
            "emission_schedule",
            _aethir_yearly(_AETHIR_COMPUTE_POOL, 10),
            "ATH/year",
            f"{_DOCS_AETHIR} how-do-checker-nodes-work; compute-rewards",
            "checker pools as documented; the 35 % compute pool is assumed to release evenly over 10 years",
        ),
        _p(
            "emission_cap",
            0.5 * tm.AETHIR_TOTAL_SUPPLY,
            "ATH",
            "gate.com course",
            "node rewards = 50 % of supply",
        ),
        _a(
            "provider_share",
            0.7,
            "share",
            "gate.com course",
            "compute 35 % of the 50 % node pool; not per year",
        ),
        _p("fee_rate", 0.2, "share", "DefiLlama aethir methodology", "80 % of service fees to providers"),
        _p("burn_share", 0.0, "share", f"{_DOCS_AETHIR} tokenomics", "no burn mechanism documented"),
        _a("stake_per_gpu", 10_000.0, "ATH/GPU", "CMC AI summary (2nd)", "secondary: 10,000 ATH per H100"),
        _a(
            "slash_rate",
            0.01,
            "1/year",
            f"{_DOCS_AETHIR} slashing-mechanism",
            "mechanism sourced, rate assumed",
        ),
        _a("gpus", 40_000.0, "GPUs", "depin.builders (2026-05, 2nd)", "enterprise GPUs, secondary"),
        _a(
            "demand_usd_per_year",
            166_000_000.0,
            "USD/year",
            "dextools.io (2nd)",
            "company ARR claim, secondary",
        ),
        _a("initial_price", 0.05, "USD", "model", _ILLUSTRATIVE),
        _a("demand_growth", 0.3, "1/year", "model", "no sourced growth rate"),
        _a("price_volatility", 1.0, "1/√year", "model", "not from an Aethir source"),
    ),
    "gensyn": (
        _p("max_supply", tm.GENSYN_TOTAL_SUPPLY, "AI", "docs.gensyn.network via Gate Learn", "fixed"),
        _p("sale_tokens", 300_000_000.0, "AI", "Foresight News via binance.bh", "3 %, English auction"),
        _p("fee_rate", 0.005, "share", "CMC AI summary (2nd)", "protocol fee to the BuyBack Vault"),
        _p("burn_share", 0.70, "share", "CMC AI summary (2nd)", "29 % treasury, 1 % executor"),
        _a(
            "initial_supply",
            0.05 * tm.GENSYN_TOTAL_SUPPLY,
            "AI",
            "Gate Learn allocation",
            "sale 3 % + testnet 2 % assumed circulating at TGE; team and investors have a 12-month cliff",
        ),
        _a(
            "emission_schedule",
            _gensyn_yearly(treasury_years=10, vesting_years=(2, 3, 4)),
            "AI/year",
            "Gate Learn allocation",
            "treasury 40.4 % over 10 years and team/investors 54.6 % over years 2–4 assumed",
        ),
        _p(
            "emission_cap",
            0.95 * tm.GENSYN_TOTAL_SUPPLY,
            "AI",
            "Gate Learn allocation",
            "supply less the start",
        ),
        _a("provider_share", 0.2, "share", "model", "share of releases paid as network rewards unknown"),
        _a("stake_per_gpu", 10_000.0, "AI/GPU", "model", "staking for verification roles; size unpublished"),
        _a("gpus", 21_000.0, "nodes", "portfolio-indiebuidl (2025-12, 2nd)", "testnet nodes, secondary"),
        _a("demand_usd_per_year", 5_000_000.0, "USD/year", "model", "mainnet training demand unknown"),
        _a(
            "initial_price",
            0.05,
            "USD",
            "Foresight News via binance.bh",
            "between the sale floor $0.0001 and cap $0.1",
        ),
        _a("demand_growth", 0.5, "1/year", "model", "no sourced growth rate"),
        _a("price_volatility", 1.2, "1/√year", "model", "new token; no price history in our sources"),
    ),
}


def _network(network: str) -> str:
    key = network.lower().replace(".", "").replace("-", "").replace("_", "")
    if key not in NETWORK_PARAMS:
        raise ValueError(f"network must be one of {', '.join(NETWORK_PARAMS)} (got {network!r})")
    return key


def describe_params(network: str) -> list[dict[str, Any]]:
    """Rows (name, value, unit, source, assumption, note) for a page to show."""
    return [
        {
            "name": p.name,
            "value": p.value,
            "unit": p.unit,
            "source": p.source,
            "assumption": p.assumption,
            "note": p.note,
        }
        for p in NETWORK_PARAMS[_network(network)]
    ]


def network_scenario(network: str) -> tuple[str, dict[str, Any]]:
    """The scenario model and the simulate() parameters calibrated for a network."""
    key = _network(network)
    model = NETWORK_MODELS[key]
    allowed = DEFAULTS[model]
    return model, {p.name: p.value for p in NETWORK_PARAMS[key] if p.name in allowed}


def simulate_network(
    network: str,
    overrides: Mapping[str, Any] | None = None,
    years: int = 5,
    steps_per_year: int = 52,
    runs: int = 100,
    seed: int = 0,
) -> pl.DataFrame:
    """simulate() with a network's calibrated parameters, optionally overridden by the caller."""
    model, params = network_scenario(network)
    return simulate(model, {**params, **(overrides or {})}, years, steps_per_year, runs, seed)
