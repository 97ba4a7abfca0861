"""History figures: pure DataFrame -> Figure builders for daily series of an operator or a provider (fractions shown as %)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.figures.empty import empty_figure, trace_mode
from computescope.explorer.figures.localnet import UPTIME
from computescope.explorer.theme import NEUTRAL as MARKET

ASK = "#E69F00"
HALF_DAY = timedelta(hours=12)
DAY_MS = 86_400_000


def _x_axis(days: list[date]) -> dict[str, Any]:
    """A day axis half a day wider than the data each side and never under three days, so no point sits on its edge or alone."""
    lo, hi = min(days), max(days)
    if (hi - lo).days < 2:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    axis: dict[str, Any] = {"range": [datetime.combine(lo, time()) - HALF_DAY, datetime.combine(hi, time()) + HALF_DAY],
                            "type": "date", "tickformat": "%b %-d"}
    if (hi - lo).days <= 14:
        axis["dtick"] = DAY_MS
    return axis


def daily_lines(frame: pl.DataFrame, series: list[tuple[str, str, str, str]], title: str, y_title: str, *,
                percent: bool = False, why_empty: str = "no day in this range") -> go.Figure | dict[str, Any]:
    """One line per (column, name, colour, dash) present with a value; markers alone where the days are few or far apart."""
    rows = frame.sort("day")
    drawn = [s for s in series if s[0] in rows.columns and rows[s[0]].drop_nulls().len()]
    if rows.is_empty() or not drawn:
        return empty_figure(title, why_empty)
    days = rows["day"].to_list()
    scale = 100 if percent else 1
    fig = go.Figure()
    for column, name, color, dash in drawn:
        part = rows.filter(pl.col(column).is_not_null())
        span = (part["day"].max() - part["day"].min()).days if part.height else 0  # type: ignore[operator]
        fmt = "%{y:.1f}%" if percent else "$%{y:.3f}"
        fig.add_trace(go.Scatter(x=part["day"].to_list(), y=(part[column] * scale).to_list(), name=name,
                                 mode=trace_mode(part.height, span), line={"color": color, "dash": dash, "width": 2},
                                 marker={"color": color, "size": 7}, hovertemplate="%{x|%Y-%m-%d}: " + fmt + f"<extra>{name}</extra>"))
    layout: dict[str, Any] = {"title": title, "yaxis_title": y_title, "height": 320, "xaxis": _x_axis(days),
                              "legend": {"orientation": "h", "y": -0.2}}
    if percent:
        layout["yaxis_range"] = [0, 102]
    else:
        layout["yaxis_rangemode"] = "tozero"
    fig.update_layout(**layout)
    return fig


def daily_bars(frame: pl.DataFrame, column: str, name: str, color: str, title: str, y_title: str) -> go.Figure | dict[str, Any]:
    rows = frame.sort("day")
    if rows.is_empty():
        return empty_figure(title, "no day in this range")
    fig = go.Figure([go.Bar(x=rows["day"].to_list(), y=rows[column].to_list(), name=name, marker_color=color,
                          hovertemplate="%{x|%Y-%m-%d}: $%{y:,.2f}<extra>" + name + "</extra>")])
    fig.update_layout(title=title, yaxis_title=y_title, height=320, bargap=0.15, xaxis=_x_axis(rows["day"].to_list()))
    return fig


def operator_price_vs_market(frame: pl.DataFrame, title: str, own: str) -> go.Figure | dict[str, Any]:
    """The price the operator's leased GPU-hours earned each day, the market's for the same models, and its ask."""
    return daily_lines(frame, [("usd_per_gpu_hour", "earned per leased GPU-hour", own, "solid"),
                               ("market_usd_per_gpu_hour", "market, same models", MARKET, "dot"),
                               ("ask_usd_per_gpu_hour", "your ask (GPU-weighted)", ASK, "dash")],
                       title, "USD per GPU-hour", why_empty="no GPU-hour was leased in this range")


def provider_availability(frame: pl.DataFrame, title: str, own: str) -> go.Figure | dict[str, Any]:
    """Share of the day's polls that found the provider online, and the network's own published 24-hour uptime."""
    return daily_lines(frame, [("availability", "online at our polls", own, "solid"),
                               ("uptime_1d", "uptime the network publishes (24 h)", UPTIME, "dot")], title, "%", percent=True)


def provider_market(frame: pl.DataFrame, title: str, why: str) -> go.Figure | dict[str, Any]:
    return daily_lines(frame, [("market_usd_per_gpu_hour", "network median bid, same GPU model", MARKET, "dot")], title,
                       "USD per GPU-hour", why_empty=why)
