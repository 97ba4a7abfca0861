"""Token series shaped for pages and the API (pure Polars): burn vs emission per period, P*, demand coverage."""

from __future__ import annotations

from typing import Any

import polars as pl

from computescope.core.tokenomics.models import emission_per_step
from computescope.core.tokenomics.params import network_scenario
from computescope.core.tokenomics.validation import validate_simulate_params

BALANCE_SCHEMA = {"period": pl.Utf8, "period_start": pl.Datetime("us", "UTC"), "burned": pl.Float64, "emitted": pl.Float64,
                  "burn_usd": pl.Float64, "net_change": pl.Float64, "coverage": pl.Float64, "p_star": pl.Float64, "burn_price": pl.Float64}


def balance(flows: pl.DataFrame) -> pl.DataFrame:
    """Burned vs emitted tokens per period (epochs when both sides have them, else the published periods).

    net_change = emitted − burned (positive = supply grows); coverage = burned / emitted (≥ 1 means demand
    burns at least what incentives mint); p_star = burn USD / emitted tokens, the BME equilibrium price
    P* = D / M; burn_price = burn USD / burned tokens, the price actually paid.
    """
    if flows.is_empty():
        return pl.DataFrame(schema=BALANCE_SCHEMA)
    by_epoch = flows.filter(pl.col("epoch_id") != "")
    epochs_with_both = by_epoch.group_by("epoch_id").agg(pl.col("flow").n_unique().alias("kinds")).filter(pl.col("kinds") >= 2)
    if epochs_with_both.height >= 2:
        keyed = by_epoch.filter(pl.col("epoch_id").is_in(epochs_with_both["epoch_id"].implode())).with_columns(pl.col("epoch_id").alias("period"))
    else:
        # published periods: skip cumulative totals (longer than a year) and label each by the year of its midpoint
        periods = flows.filter((pl.col("epoch_id") == "") & ((pl.col("period_end") - pl.col("period_start")) <= pl.duration(days=370)))
        midpoint = pl.col("period_start") + (pl.col("period_end") - pl.col("period_start")) / 2
        keyed = periods.with_columns(midpoint.dt.year().cast(pl.Utf8).alias("period"))
    wide = keyed.group_by("period").agg(
        pl.col("period_start").min(),
        pl.col("amount_tokens").filter(pl.col("flow") == "burn").sum().alias("burned"),
        pl.col("amount_tokens").filter(pl.col("flow").is_in(["emission_due", "mint"])).sum().alias("emitted"),
        pl.col("amount_usd").filter(pl.col("flow") == "burn").sum().alias("burn_usd"),
        (pl.col("flow") == "burn").sum().alias("burn_rows"),
        pl.col("flow").is_in(["emission_due", "mint"]).sum().alias("emit_rows"),
    ).filter((pl.col("burn_rows") > 0) & (pl.col("emit_rows") > 0))  # a side with no data is unknown, not zero
    nonzero = lambda c: pl.when(pl.col(c) > 0).then(pl.col(c))  # noqa: E731
    return wide.with_columns(
        (pl.col("emitted") - pl.col("burned")).alias("net_change"),
        (pl.col("burned") / nonzero("emitted")).alias("coverage"),
        (pl.col("burn_usd") / nonzero("emitted")).alias("p_star"),
        (pl.col("burn_usd") / nonzero("burned")).alias("burn_price"),
    ).select(list(BALANCE_SCHEMA)).sort("period_start")


def incentives_vs_demand(tokens: pl.DataFrame, demand: pl.DataFrame) -> list[dict[str, Any]]:
    """Per token: yearly emissions in USD against yearly demand in USD — is demand paying for the incentives?

    Emissions per year come from the network's calibrated schedule; they are valued at the newest market
    price when one was ingested, else at the calibrated price, which is then flagged as an assumption.
    """
    demand_by_network = {row["network"]: row for row in demand.iter_rows(named=True)}
    rows = []
    for token in tokens.iter_rows(named=True):
        network = token["network"]
        try:
            model, calibrated = network_scenario(network)
        except ValueError:
            continue
        params = validate_simulate_params(model, calibrated, years=1, steps_per_year=1, runs=1, seed=0)[0]
        emitted = float(emission_per_step(params, 1, 1)[0])
        market_price = token.get("price_usd")
        price = market_price if market_price else params.get("initial_price")
        emission_usd = emitted * price if price else None
        need = demand_by_network.get(network)
        demand_usd = need["usd_per_year"] if need else None
        rows.append(
            {
                "symbol": token["symbol"],
                "network": network,
                "emitted_tokens_per_year": emitted,
                "price_usd": price,
                "price_is_assumption": not market_price,
                "emission_usd_per_year": emission_usd,
                "demand_usd_per_year": demand_usd,
                "demand_basis": need["basis"] if need else None,
                "coverage": demand_usd / emission_usd if demand_usd and emission_usd else None,
                "demand_source": need["source"] if need else None,
                "demand_source_url": need["source_url"] if need else None,
                "demand_observed_at": need["observed_at"] if need else None,
            }
        )
    return rows
