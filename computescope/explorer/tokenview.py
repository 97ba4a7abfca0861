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


CALIBRATION = "calibration"


def _metric(name: str, row: dict[str, Any], value: float | None, kind: str, source: str | None, source_url: str | None, observed_at: Any) -> dict[str, Any]:
    return {"name": name, "network": row["network"], "symbol": row["symbol"], "value": value, "value_text": None, "kind": kind,
            "source": source, "source_url": source_url, "observed_at": observed_at}


def calibrated_metrics(tokens: pl.DataFrame, demand: pl.DataFrame, sql_metrics: pl.DataFrame) -> list[dict[str, Any]]:
    """Token metrics that need the calibration: next-year emission where no schedule is published, the price, demand, coverage.

    A value taken from the calibration (core/tokenomics/params) is kind 'assumed'; demand coverage is
    yearly demand in USD ÷ (next-year emission × price), and is 'assumed' when either input is.
    """
    demand_by_network = {row["network"]: row for row in demand.iter_rows(named=True)}
    emissions = {r["symbol"]: r for r in sql_metrics.filter(pl.col("name") == "token_emission_next_year").iter_rows(named=True)}
    out: list[dict[str, Any]] = []
    for token in tokens.iter_rows(named=True):
        try:
            model, calibrated = network_scenario(token["network"])
        except ValueError:
            continue
        params = validate_simulate_params(model, calibrated, years=1, steps_per_year=1, runs=1, seed=0)[0]
        emission = emissions.get(token["symbol"])
        if emission is None:
            emission = _metric("token_emission_next_year", token, float(emission_per_step(params, 1, 1)[0]), "assumed", CALIBRATION, None, None)
            out.append(emission)
        if token.get("price_usd"):
            price = _metric("token_price_usd", token, token["price_usd"], "observed", token["source"], token["source_url"], token["price_at"])
        else:
            price = _metric("token_price_usd", token, params.get("initial_price"), "assumed", CALIBRATION, None, None)
        out.append(price)
        need = demand_by_network.get(token["network"])
        if need is None:
            continue
        out.append(_metric("token_demand_usd_per_year", token, need["usd_per_year"], need["kind"], need["source"], need["source_url"], need["observed_at"]))
        emission_usd = emission["value"] * price["value"] if emission["value"] and price["value"] else None
        kind = "assumed" if "assumed" in (emission["kind"], price["kind"]) else need["kind"]
        coverage = need["usd_per_year"] / emission_usd if emission_usd else None
        out.append(_metric("demand_coverage", token, coverage, kind, need["source"], need["source_url"], need["observed_at"]))
    return out


def incentives_vs_demand(tokens: pl.DataFrame, demand: pl.DataFrame, metrics: pl.DataFrame) -> list[dict[str, Any]]:
    """Per token: yearly emissions in USD against yearly demand in USD, every value taken from the metrics layer."""
    demand_by_network = {row["network"]: row for row in demand.iter_rows(named=True)}
    by_key = {(r["name"], r["symbol"]): r for r in metrics.filter(pl.col("symbol").is_not_null()).iter_rows(named=True)}
    rows = []
    for token in tokens.iter_rows(named=True):
        symbol = token["symbol"]
        emission, price = by_key.get(("token_emission_next_year", symbol)), by_key.get(("token_price_usd", symbol))
        if emission is None or price is None:
            continue
        need = demand_by_network.get(token["network"])
        coverage = by_key.get(("demand_coverage", symbol))
        rows.append(
            {
                "symbol": symbol,
                "network": token["network"],
                "emitted_tokens_per_year": emission["value"],
                "emission_kind": emission["kind"],
                "price_usd": price["value"],
                "price_is_assumption": price["kind"] == "assumed",
                "emission_usd_per_year": emission["value"] * price["value"] if emission["value"] and price["value"] else None,
                "demand_usd_per_year": need["usd_per_year"] if need else None,
                "demand_basis": need["basis"] if need else None,
                "coverage": coverage["value"] if coverage else None,
                "coverage_kind": coverage["kind"] if coverage else None,
                "demand_source": need["source"] if need else None,
                "demand_source_url": need["source_url"] if need else None,
                "demand_observed_at": need["observed_at"] if need else None,
            }
        )
    return rows
