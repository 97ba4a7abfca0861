"""Token figures: pure DataFrame -> Figure builders (whole tokens, USD marked as USD)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.figures.empty import single_value_figure
from computescope.explorer.theme import IDLE, NEUTRAL, color_for

BAND_FILL = {"bme": "rgba(213,94,0,0.18)", "sfa": "rgba(0,158,115,0.18)", "emission_buyback": "rgba(0,114,178,0.18)"}
BAND_LINE = {"bme": "#D55E00", "sfa": "#009E73", "emission_buyback": "#0072B2"}
MODEL_LABEL = {"bme": "burn-and-mint (BME)", "sfa": "stake-for-access (SFA)", "emission_buyback": "emission + buy-back"}


def burn_vs_emission(balance: pl.DataFrame, symbol: str) -> go.Figure:
    """Bars of tokens burned and emitted per period, with the net supply change as a line."""
    periods = balance["period"].to_list()
    fig = go.Figure(
        [
            go.Bar(x=periods, y=balance["emitted"].to_list(), name="emitted", marker_color=NEUTRAL,
                   hovertemplate="%{x}: %{y:,.0f} " + symbol + " emitted<extra></extra>"),
            go.Bar(x=periods, y=balance["burned"].to_list(), name="burned", marker_color="#D55E00",
                   hovertemplate="%{x}: %{y:,.0f} " + symbol + " burned<extra></extra>"),
            go.Scatter(x=periods, y=balance["net_change"].to_list(), name="net supply change", mode="lines+markers",
                       line={"color": NEUTRAL}, hovertemplate="%{x}: net %{y:+,.0f} " + symbol + "<extra></extra>"),
        ]
    )
    fig.update_layout(title=f"{symbol}: burned vs emitted per period ({symbol})", barmode="group", yaxis_title=f"{symbol} (whole tokens)", height=360)
    return fig


def pstar_vs_price(balance: pl.DataFrame, symbol: str) -> go.Figure:
    """The BME equilibrium price P* = demand USD / emitted tokens against the price burns were paid at."""
    periods = balance["period"].to_list()
    fig = go.Figure(
        [
            go.Scatter(x=periods, y=balance["p_star"].to_list(), name="P* = demand ÷ emission", mode="lines+markers",
                       line={"color": "#0072B2"}, hovertemplate="%{x}: P* $%{y:.4f}<extra></extra>"),
            go.Scatter(x=periods, y=balance["burn_price"].to_list(), name="price paid in burns", mode="lines+markers",
                       line={"color": "#D55E00", "dash": "dot"}, hovertemplate="%{x}: $%{y:.4f} per " + symbol + "<extra></extra>"),
        ]
    )
    fig.update_layout(title=f"{symbol}: equilibrium price P* against the actual price (USD per {symbol})", yaxis_title="USD per token", height=340)
    return fig


def supply_series(supply: pl.DataFrame, symbol: str) -> go.Figure | dict:
    """Supply over time; a field observed once (or never changing) is shown as its number and date, not as a line on a hair-thin axis."""
    title = f"{symbol}: supply over time ({symbol})"
    fields = [(c, d, supply.filter(pl.col(c).is_not_null())) for c, d in (("circulating", "solid"), ("total", "dot"), ("max_supply", "dash"))]
    fields = [(c, d, part) for c, d, part in fields if part.height]
    if all(part[c].n_unique() == 1 for c, _d, part in fields):
        return single_value_figure(title, [f"{c.replace('_', ' ')}: {part[c][-1]:,.0f} {symbol} ({part['observed_at'][-1]:%Y-%m-%d})"
                                           for c, _d, part in fields])
    fig = go.Figure()
    for column, dash, part in fields:
        fig.add_trace(go.Scatter(x=part["observed_at"].to_list(), y=part[column].to_list(), name=column.replace("_", " "),
                                 mode="lines+markers" if part.height >= 8 else "markers", line={"dash": dash, "color": NEUTRAL},
                                 marker={"size": 8}, hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f} " + symbol + "<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=title, yaxis_title=f"{symbol} (whole tokens)", yaxis_tickformat=",.0f", yaxis_rangemode="tozero", height=320)
    return fig


def simulation_bands(bands: dict[str, pl.DataFrame], variable: str, title: str, unit: str, steps_per_year: int) -> go.Figure:
    """Median line and 5–95 % band per model, x in years."""
    fig = go.Figure()
    for model, frame in bands.items():
        years = (frame["timestep"] / steps_per_year).to_list()
        fig.add_trace(go.Scatter(x=years + years[::-1], y=frame["p95"].to_list() + frame["p05"].to_list()[::-1], fill="toself",
                                 fillcolor=BAND_FILL.get(model, IDLE), line={"width": 0}, hoverinfo="skip",
                                 name=f"{MODEL_LABEL.get(model, model)} 5–95 %", showlegend=True))
        fig.add_trace(go.Scatter(x=years, y=frame["p50"].to_list(), name=f"{MODEL_LABEL.get(model, model)} median", mode="lines",
                                 line={"color": BAND_LINE.get(model, NEUTRAL)},
                                 hovertemplate="year %{x:.2f}: %{y:,.0f} " + unit + "<extra>%{fullData.name}</extra>"))
    # the years sit on the ticks ("2 y from now"): an axis title would share the two legend rows' place below the plot
    fig.update_layout(title=title, yaxis_title=unit, height=360, xaxis={"ticksuffix": " y from now"}, margin={"b": 90})
    return fig


def incentives_chart(rows: list[dict[str, Any]]) -> go.Figure:
    """Per network: yearly emissions in USD against yearly demand in USD."""
    names = [r["symbol"] for r in rows]
    fig = go.Figure(go.Bar(x=names, y=[r["emission_usd_per_year"] for r in rows], name="incentives: emissions (USD/year)", marker_color=NEUTRAL,
                           offsetgroup="emissions", hovertemplate="%{x}: $%{y:,.0f} per year emitted<extra></extra>"))
    # one demand trace per network, so each legend entry shows the colour its bar is drawn in; one offset group keeps them side by side
    for r in rows:
        if r["demand_usd_per_year"] is not None:
            fig.add_trace(go.Bar(x=[r["symbol"]], y=[r["demand_usd_per_year"]], name=f"{r['symbol']} demand: revenue or burns",
                                 marker_color=color_for(r["network"]), offsetgroup="demand",
                                 hovertemplate="%{x}: $%{y:,.0f} per year of demand<extra></extra>"))
    fig.update_layout(title="Is demand paying for the incentives? (USD per year)", barmode="group", yaxis_title="USD per year", yaxis_type="log", height=380)
    return fig
