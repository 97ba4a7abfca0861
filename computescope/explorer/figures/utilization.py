"""Utilization figures: pure DataFrame -> Figure builders (fractions shown as percentages)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.core.catalog.networks import ALL_NETWORKS
from computescope.explorer.theme import color_for

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def utilization_lines(series: pl.DataFrame, title: str) -> go.Figure:
    fig = go.Figure()
    for (network, model), part in series.sort("bucket").group_by(["network", "gpu_model"], maintain_order=True):
        label = f"{ALL_NETWORKS.get(str(network), network)} · {'all models' if model == '*' else model}"
        fig.add_trace(go.Scatter(x=part["bucket"].to_list(), y=(part["utilization"] * 100).to_list(), name=label, mode="lines",
                                 line={"color": color_for(str(network)), "width": 3 if model == "*" else 1.5, "dash": "solid" if model == "*" else "dot"},
                                 hovertemplate="%{x|%Y-%m-%d %H:%M}: %{y:.1f}%<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=title, yaxis_title="GPUs in use (%)", yaxis_range=[0, 100], height=380)
    return fig


def idle_capacity(idle: pl.DataFrame, top: int = 15) -> go.Figure:
    data = idle.filter(pl.col("gpu_model") != "*").sort("capacity", descending=True).head(top)
    labels = [f"{ALL_NETWORKS.get(n, n)} · {m}" for n, m in zip(data["network"], data["gpu_model"], strict=True)][::-1]
    fig = go.Figure(
        [
            go.Bar(y=labels, x=data["used"].to_list()[::-1], orientation="h", name="in use", marker_color=[color_for(n) for n in data["network"]][::-1],
                   hovertemplate="%{y}: %{x:,.0f} GPUs in use<extra></extra>"),
            go.Bar(y=labels, x=data["idle"].to_list()[::-1], orientation="h", name="idle", marker_color="#DDDDDD",
                   hovertemplate="%{y}: %{x:,.0f} GPUs idle<extra></extra>"),
        ]
    )
    fig.update_layout(title="Idle capacity by network and model (GPUs)", barmode="stack", xaxis_title="GPUs (count)", height=max(300, 28 * data.height + 140))
    return fig


def weekday_hour_heatmap(cells: pl.DataFrame) -> go.Figure:
    grid = [[None] * 24 for _ in range(7)]
    for row in cells.iter_rows(named=True):
        grid[row["weekday"] - 1][row["hour"]] = row["utilization"] * 100
    fig = go.Figure(go.Heatmap(z=grid, x=list(range(24)), y=WEEKDAYS, colorscale="Viridis", zmin=0, zmax=100,
                               colorbar={"title": {"text": "% in use"}}, hovertemplate="%{y} %{x}:00 UTC: %{z:.1f}% in use<extra></extra>"))
    fig.update_layout(title="GPU utilization by weekday and hour (% in use, UTC)", xaxis_title="hour of day (UTC)", height=320)
    return fig
