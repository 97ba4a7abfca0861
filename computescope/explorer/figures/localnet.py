"""Local-network figures: pure DataFrame -> Figure builders for the operator page (fractions shown as percentages)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.theme import NEUTRAL, color_for

OWN = color_for("localnet")
NETWORK_GREY = NEUTRAL
UPTIME = "#009E73"


def operator_activity(frame: pl.DataFrame, time_col: str, title: str) -> go.Figure:
    """The operator's GPUs leased and nodes up over time (%), with the whole network's utilization when known."""
    fig = go.Figure()
    x = frame[time_col].to_list()
    fig.add_trace(go.Scatter(x=x, y=(frame["utilization"] * 100).to_list(), name="GPUs leased (%)", mode="lines",
                             line={"color": OWN, "width": 2.5}, hovertemplate="%{x}: %{y:.1f}% leased<extra>operator</extra>"))
    if "network_utilization" in frame.columns:
        fig.add_trace(go.Scatter(x=x, y=(frame["network_utilization"] * 100).to_list(), name="network GPUs leased (%)", mode="lines",
                                 line={"color": NETWORK_GREY, "dash": "dot"}, hovertemplate="%{x}: %{y:.1f}% leased<extra>network</extra>"))
    fig.add_trace(go.Scatter(x=x, y=(frame["uptime"] * 100).to_list(), name="nodes up (%)", mode="lines",
                             line={"color": UPTIME, "width": 1.5}, hovertemplate="%{x}: %{y:.1f}% up<extra>operator</extra>"))
    fig.update_layout(title=title, yaxis_title="%", yaxis_range=[0, 102], height=340)
    return fig


def operator_earnings(frame: pl.DataFrame, time_col: str, title: str) -> go.Figure:
    """Earnings per period (USD, bars) and LOCAL minted to the operator (tokens, line) when the series has it."""
    fig = go.Figure([go.Bar(x=frame[time_col].to_list(), y=frame["earnings_usd"].to_list(), name="earnings (USD)", marker_color=OWN,
                            hovertemplate="%{x}: $%{y:,.2f}<extra>earnings</extra>")])
    layout: dict[str, object] = {"title": title, "yaxis_title": "USD", "height": 320, "bargap": 0.1}
    if "minted_tokens" in frame.columns and frame["minted_tokens"].drop_nulls().len():
        fig.add_trace(go.Scatter(x=frame[time_col].to_list(), y=frame["minted_tokens"].to_list(), name="LOCAL minted (tokens)", yaxis="y2",
                                 mode="lines", line={"color": "#E69F00"}, hovertemplate="%{x}: %{y:,.0f} LOCAL<extra>minted</extra>"))
        layout["yaxis2"] = {"title": "LOCAL", "overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False}
    fig.update_layout(**layout)
    return fig


def ask_vs_market(pricing: pl.DataFrame, title: str) -> go.Figure:
    """Per GPU model: the operator's median ask, the market's median ask and the clearing price (USD per GPU-hour)."""
    models = pricing["gpu_model"].to_list()
    series = (("my_ask", "your median ask", OWN), ("market_ask", "market median ask", NETWORK_GREY), ("clearing_price", "clearing price", "#0072B2"))
    fig = go.Figure([go.Bar(x=models, y=pricing[col].to_list(), name=name, marker_color=color,
                            hovertemplate="%{x}: $%{y:.2f}/GPU-h<extra>" + name + "</extra>") for col, name, color in series])
    fig.update_layout(title=title, yaxis_title="USD per GPU-hour", barmode="group", height=320)
    return fig
