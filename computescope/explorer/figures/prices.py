"""Price figures: pure DataFrame -> Figure builders (USD per GPU-hour everywhere)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.figures.empty import hatched, trace_mode
from computescope.explorer.theme import NEUTRAL, color_for, symbol_for

PATTERN = {"spot": "/", "bid_median": ".", "bid_min": ".", "bid_weighted_avg": ".", "bid_avg": ".", "list": "x"}
LINE_DASH = {"on_demand": "solid", "spot": "dot", "list": "dash"}


def _median_line(fig: go.Figure, value: float | None, label: str) -> None:
    if value is not None:
        fig.add_vline(x=value, line_dash="dot", line_color=NEUTRAL, annotation_text=f"{label} ${value:.2f}", annotation_position="top")


def model_price_bars(prices: pl.DataFrame, model: str, hyperscaler_median: float | None) -> go.Figure:
    """Horizontal bars of the headline $/GPU-h per provider for one GPU model, cheapest on top."""
    data = prices.sort("usd_per_gpu_hour", descending=True)
    fig = go.Figure(
        go.Bar(
            x=data["usd_per_gpu_hour"].to_list(),
            y=data["provider_name"].to_list(),
            orientation="h",
            marker_color=[color_for(p) for p in data["provider"].to_list()],
            customdata=list(zip(data["price_type"].to_list(), data["source"].to_list(), data["provider_kind"].to_list(), strict=True)),
            hovertemplate="%{y}: $%{x:.2f}/GPU-h<br>%{customdata[0]} · %{customdata[2]}<br>source: %{customdata[1]}<extra></extra>",
            text=[f"${v:.2f}" for v in data["usd_per_gpu_hour"].to_list()],
            textposition="outside",
            cliponaxis=False,
        )
    )
    _median_line(fig, hyperscaler_median, "hyperscaler median")
    fig.update_layout(title=f"{model}: price per GPU-hour by provider (USD/GPU-h)", xaxis_title="USD per GPU-hour",
                      height=max(260, 34 * data.height + 110), showlegend=False)
    return fig


def provider_type_bars(summary: pl.DataFrame, title: str, hyperscaler_median: float | None) -> go.Figure:
    """One bar per provider × price type (median across regions), coloured by provider, patterned by type."""
    data = summary.sort("median_usd", descending=True)
    labels = [f"{n} · {t.replace('_', ' ')}" for n, t in zip(data["provider_name"], data["price_type"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=data["median_usd"].to_list(),
            y=labels,
            orientation="h",
            marker=hatched([color_for(p) for p in data["provider"]], [PATTERN.get(t, "") for t in data["price_type"]]),
            customdata=list(zip(data["min_usd"].to_list(), data["regions"].to_list(), data["source_label"].to_list(), strict=True)),
            hovertemplate="%{y}<br>median across regions $%{x:.2f}/GPU-h<br>cheapest region $%{customdata[0]:.2f}"
            " · %{customdata[1]} region(s)<br>%{customdata[2]}<extra></extra>",
            text=[f"${v:.2f}" for v in data["median_usd"].to_list()],
            textposition="outside",
            cliponaxis=False,
        )
    )
    _median_line(fig, hyperscaler_median, "hyperscaler median")
    fig.update_layout(title=title, xaxis_title="USD per GPU-hour (median across regions)", height=max(280, 30 * data.height + 120), showlegend=False)
    return fig


def _mode(part: pl.DataFrame) -> str:
    """Daily medians: a line only where readings come about daily; a few readings months apart stay markers."""
    span = (part["day"].max() - part["day"].min()).total_seconds() / 86400 if part.height > 1 else 0.0  # type: ignore[operator, union-attr]
    return "lines+markers" if trace_mode(part.height, span, 1.0) == "lines" else "markers"


def price_history(history: pl.DataFrame, title: str) -> go.Figure:
    """Daily median price per provider and type over time."""
    fig = go.Figure()
    for (provider, price_type), part in history.sort("day").group_by(["provider", "price_type"], maintain_order=True):
        fig.add_trace(
            go.Scatter(
                x=part["day"].to_list(), y=part["usd_per_gpu_hour"].to_list(), name=f"{part['provider_name'][0]} · {price_type.replace('_', ' ')}",
                mode=_mode(part), marker={"size": 8, "symbol": symbol_for(str(provider))}, line={"color": color_for(str(provider)), "dash": LINE_DASH.get(str(price_type), "dashdot")},
                hovertemplate="%{fullData.name}: $%{y:.2f}/GPU-h<br>%{x|%Y-%m-%d}<extra></extra>",
            )
        )
    fig.update_layout(title=title, yaxis_title="USD per GPU-hour", height=360)
    return fig
