"""Utilization figures: pure DataFrame -> Figure builders (fractions shown as percentages)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.figures.empty import single_value_figure, trace_mode
from computescope.explorer.fmt import network_name, pct
from computescope.explorer.theme import IDLE, color_for

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MODEL_DASHES = ("dot", "dash", "dashdot", "longdash", "longdashdot")  # a network's models share its colour: each its own dash


def _label(network: object, model: object) -> str:
    return f"{network_name(str(network))} · {'all models' if model == '*' else model}"


def utilization_lines(series: pl.DataFrame, title: str, step_days: float = 1.0) -> go.Figure | dict:
    """Share of GPUs in use per network and model; a sparse series (a few readings far apart) is drawn as markers, never a trend line,
    and series of one reading each are their numbers with their dates, not a point on an axis of milliseconds."""
    groups = list(series.sort("bucket").group_by(["network", "gpu_model"], maintain_order=True))
    if all(part.height == 1 for _key, part in groups):
        return single_value_figure(title, [f"{_label(n, m)}: {pct(part['utilization'][0])} ({part['bucket'][0]:%Y-%m-%d})" for (n, m), part in groups])
    fig = go.Figure()
    models = sorted({str(m) for (_n, m), _p in groups if m != "*"})
    for (network, model), part in groups:
        label = _label(network, model)
        dash = "solid" if model == "*" else MODEL_DASHES[models.index(str(model)) % len(MODEL_DASHES)]
        span = (part["bucket"].max() - part["bucket"].min()).total_seconds() / 86400 if part.height > 1 else 0.0  # type: ignore[operator, union-attr]
        fig.add_trace(go.Scatter(x=part["bucket"].to_list(), y=(part["utilization"] * 100).to_list(), name=label,
                                 mode=trace_mode(part.height, span, step_days), marker={"size": 9, "color": color_for(str(network))},
                                 line={"color": color_for(str(network)), "width": 3 if model == "*" else 1.5, "dash": dash},
                                 hovertemplate="%{x|%Y-%m-%d %H:%M}: %{y:.1f}%<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=title, yaxis_title="GPUs in use (%)", yaxis_range=[0, 100], height=380)
    return fig


def idle_capacity(idle: pl.DataFrame, top: int = 15) -> go.Figure:
    data = idle.filter(pl.col("gpu_model") != "*").sort("capacity", descending=True).head(top)
    labels = [f"{network_name(n)} · {m}" for n, m in zip(data["network"], data["gpu_model"], strict=True)][::-1]
    fig = go.Figure(
        [
            go.Bar(y=labels, x=data["used"].to_list()[::-1], orientation="h", name="in use", marker_color=[color_for(n) for n in data["network"]][::-1],
                   hovertemplate="%{y}: %{x:,.0f} GPUs in use<extra></extra>"),
            go.Bar(y=labels, x=data["idle"].to_list()[::-1], orientation="h", name="idle", marker_color=IDLE,
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
