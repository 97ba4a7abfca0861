"""GPU model figures: prices per provider against the cloud baseline, and history lines that draw only series of two or more points."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.figures.empty import hatched
from computescope.explorer.figures.prices import LINE_DASH
from computescope.explorer.fmt import network_name
from computescope.explorer.theme import NEUTRAL, color_for, symbol_for

SPARSE = 30       # series with at most this many points show a marker on each one
SIMULATED = "simulated"


def _suffix(kind: str) -> str:
    return " (simulated)" if kind == SIMULATED else ""


def series_label(row: dict[str, Any], keys: list[str]) -> str:
    """A history series as a person reads it: the provider's or network's name, then the price type in words."""
    names = {"provider": row.get("provider_name") or row.get("provider"), "network": network_name(str(row.get("network")))}
    return " · ".join(str(names.get(k) or row[k]).replace("_", " ") for k in keys)


def provider_prices(prices: pl.DataFrame, title: str, median: float | None) -> go.Figure:
    """One bar per provider (its headline price), cheapest on top; the simulated local network hatched and named so."""
    data = prices.sort("usd_per_gpu_hour", descending=True)
    names = [f"{n.removesuffix(' (simulated)')}{_suffix(k)} · {t.replace('_', ' ')}"
             for n, k, t in zip(data["provider_name"], data["kind"], data["price_type"], strict=True)]
    fig = go.Figure(go.Bar(
        x=data["usd_per_gpu_hour"].to_list(), y=names, orientation="h",
        marker=hatched([color_for(p) for p in data["provider"]], ["/" if k == SIMULATED else "" for k in data["kind"]]),
        customdata=list(zip(data["kind"], data["source"], [f"{t:%Y-%m-%d}" for t in data["observed_at"]], strict=True)),
        hovertemplate="%{y}: $%{x:.2f}/GPU-h<br>%{customdata[0]} · %{customdata[1]} · %{customdata[2]}<extra></extra>",
        text=[f"${v:.2f}" for v in data["usd_per_gpu_hour"]], textposition="outside", cliponaxis=False,
    ))
    if median is not None:
        fig.add_vline(x=median, line_dash="dot", line_color=NEUTRAL, annotation_text=f"hyperscaler median ${median:.2f}",
                      annotation_position="top")
    fig.update_layout(title=title, xaxis_title="USD per GPU-hour", height=max(280, 30 * data.height + 130), showlegend=False,
                      margin={"l": 230})
    return fig


def series_lines(series: pl.DataFrame, keys: list[str], y: str, title: str, y_title: str, hover: str) -> go.Figure:
    """One line per key with at least two days; markers on sparse series; simulated series dashed and named so."""
    fig = go.Figure()
    for key, part in series.sort("day").group_by(keys, maintain_order=True):
        if part.height < 2:
            continue
        kind = str(part["kind"][-1])
        provider, price_type = str(key[0]), str(key[1]) if len(key) > 1 else ""
        name = series_label(part.row(0, named=True), keys).removesuffix(" (simulated)") + _suffix(kind)
        dash = "dash" if kind == SIMULATED else LINE_DASH.get(price_type, "solid")
        fig.add_trace(go.Scatter(
            x=part["day"].to_list(), y=part[y].to_list(), name=name, mode="lines+markers" if part.height <= SPARSE else "lines",
            line={"color": color_for(provider), "dash": dash}, marker={"symbol": symbol_for(provider)},
            hovertemplate=f"%{{fullData.name}}: {hover}<br>%{{x|%Y-%m-%d}} · {kind}<extra></extra>",
        ))
    fig.update_layout(title=title, yaxis_title=y_title, height=360, legend={"orientation": "h", "y": -0.2})
    return fig


def drawable(series: pl.DataFrame, keys: list[str]) -> bool:
    """Whether any key has two or more days: a single observation is a number with its date, not a line."""
    return series.height > 0 and bool(series.group_by(keys).len()["len"].max() >= 2)  # type: ignore[operator]
