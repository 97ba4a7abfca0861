"""Inventory figures: pure DataFrame -> Figure builders."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

MEASURE_DASH = {"total": "solid", "registered": "dot", "verified": "solid", "active": "dash", "available": "dashdot", "leased": "longdash"}


def inventory_history(history: pl.DataFrame, title: str, color: str) -> go.Figure:
    """GPU counts over time, one line per measure (registered, verified and active kept apart)."""
    fig = go.Figure()
    for measure in history["measure"].unique(maintain_order=True).to_list():
        part = history.filter(pl.col("measure") == measure).sort("observed_at")
        fig.add_trace(
            go.Scatter(
                x=part["observed_at"].to_list(),
                y=part["gpus"].to_list(),
                name=measure,
                mode="lines+markers",
                line={"color": color, "dash": MEASURE_DASH.get(measure, "solid")},
                customdata=part["source_url"].to_list(),
                hovertemplate=f"{measure}: %{{y:,.0f}} GPUs<br>%{{x|%Y-%m-%d}}<br>%{{customdata}}<extra></extra>",
            )
        )
    fig.update_layout(title=title, yaxis_title="GPUs (count)", yaxis_type="log", height=340)
    return fig
