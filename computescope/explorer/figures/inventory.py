"""Inventory figures: pure DataFrame -> Figure builders (counts of GPUs)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.core.catalog.countries import alpha3, country_name
from computescope.explorer.figures.empty import trace_mode
from computescope.explorer.fmt import network_name
from computescope.explorer.theme import NEUTRAL, color_for

MEASURE_DASH = {"total": "solid", "registered": "dot", "verified": "solid", "active": "dash", "available": "dashdot", "leased": "longdash"}
CLASS_COLORS = {"datacenter": "#0072B2", "workstation": "#56B4E9", "consumer": "#E69F00", "unknown": NEUTRAL}


def _mode(part: pl.DataFrame, column: str) -> str:
    """Markers for a few counts far apart (two readings two years apart are no trend), lines for a dense series."""
    span = (part[column].max() - part[column].min()).total_seconds() / 86400 if part.height > 1 else 0.0  # type: ignore[operator, union-attr]
    return trace_mode(part.height, span)


def inventory_history(history: pl.DataFrame, title: str, color: str) -> go.Figure:
    """GPU counts over time, one line per measure (registered, verified and active kept apart)."""
    fig = go.Figure()
    for measure in history["measure"].unique(maintain_order=True).to_list():
        part = history.filter(pl.col("measure") == measure).sort("observed_at")
        fig.add_trace(
            go.Scatter(
                x=part["observed_at"].to_list(), y=part["gpus"].to_list(), name=measure, mode=_mode(part, "observed_at"), marker={"size": 8},
                line={"color": color, "dash": MEASURE_DASH.get(measure, "solid")}, customdata=part["source_url"].to_list(),
                hovertemplate=f"{measure}: %{{y:,.0f}} GPUs<br>%{{x|%Y-%m-%d}}<br>%{{customdata}}<extra></extra>",
            )
        )
    fig.update_layout(title=title, yaxis_title="GPUs (count)", yaxis_type="log", height=340)
    return fig


def models_by_network(frame: pl.DataFrame, top: int = 15) -> go.Figure:
    """Stacked bars: GPUs per model (the top models), one colour per network."""
    totals = frame.group_by("gpu_model").agg(pl.col("gpus").sum()).sort("gpus", descending=True).head(top)
    order = totals["gpu_model"].to_list()
    fig = go.Figure()
    for network in frame["network"].unique(maintain_order=True).to_list():
        part = frame.filter((pl.col("network") == network) & pl.col("gpu_model").is_in(order))
        by_model = dict(zip(part["gpu_model"].to_list(), part["gpus"].to_list(), strict=True))
        measures = dict(zip(part["gpu_model"].to_list(), part["measure"].to_list(), strict=True))
        fig.add_trace(go.Bar(x=order, y=[by_model.get(m) for m in order], name=network_name(network),
                             marker_color=color_for(network), customdata=[measures.get(m, "") for m in order],
                             hovertemplate="%{x}: %{y:,.0f} GPUs (%{customdata})<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=f"GPUs by model and network (GPUs, top {len(order)} models)", barmode="stack", yaxis_title="GPUs (count)", height=380)
    return fig


def class_split(frame: pl.DataFrame) -> go.Figure:
    """Stacked bars per network: data-centre vs workstation vs consumer GPUs."""
    split = frame.group_by(["network", "gpu_class"]).agg(pl.col("gpus").sum())
    networks = split["network"].unique(maintain_order=True).to_list()
    fig = go.Figure()
    for cls in ("datacenter", "workstation", "consumer", "unknown"):
        part = split.filter(pl.col("gpu_class") == cls)
        values = dict(zip(part["network"].to_list(), part["gpus"].to_list(), strict=True))
        if values:
            fig.add_trace(go.Bar(x=[network_name(n) for n in networks], y=[values.get(n) for n in networks], name=cls,
                                 marker_color=CLASS_COLORS[cls], hovertemplate="%{x}: %{y:,.0f} " + cls + " GPUs<extra></extra>"))
    fig.update_layout(title="Consumer vs data-centre GPUs by network (GPUs)", barmode="stack", yaxis_title="GPUs (count)", height=340)
    return fig


def country_map(frame: pl.DataFrame) -> go.Figure:
    """Choropleth of nodes per country (GPUs on hover where the source reports them)."""
    per_country = frame.group_by("country").agg(pl.col("nodes").sum(), pl.col("gpus").sum())
    codes = [alpha3(c) for c in per_country["country"].to_list()]
    keep = [i for i, c in enumerate(codes) if c]
    fig = go.Figure(
        go.Choropleth(
            locations=[codes[i] for i in keep], z=[per_country["nodes"][i] for i in keep], locationmode="ISO-3",
            text=[country_name(per_country["country"][i]) for i in keep], customdata=[per_country["gpus"][i] or 0 for i in keep],
            colorscale="Blues", colorbar={"title": {"text": "nodes"}},
            hovertemplate="%{text}: %{z:,.0f} nodes, %{customdata:,.0f} GPUs reported<extra></extra>",
        )
    )
    fig.update_geos(showframe=False, showcoastlines=False, projection_type="natural earth")
    fig.update_layout(title="Where the nodes are (nodes per country)", height=420, margin={"l": 0, "r": 0, "t": 48, "b": 0})
    return fig


def inventory_over_time(history: pl.DataFrame) -> go.Figure:
    fig = go.Figure()
    for (network, measure), part in history.sort("day").group_by(["network", "measure"], maintain_order=True):
        fig.add_trace(go.Scatter(x=part["day"].to_list(), y=part["gpus"].to_list(), mode=_mode(part, "day"), marker={"size": 8},
                                 name=f"{network_name(str(network))} · {measure}", line={"color": color_for(str(network)), "dash": MEASURE_DASH.get(str(measure), "solid")},
                                 hovertemplate="%{x|%Y-%m-%d}: %{y:,.0f} GPUs<extra>%{fullData.name}</extra>"))
    fig.update_layout(title="GPUs over time by network and measure (GPUs, log scale)", yaxis_type="log", yaxis_title="GPUs (count)", height=380)
    return fig
