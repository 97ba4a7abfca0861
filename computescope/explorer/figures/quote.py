"""Quote figures: pure builders from quote answers (USD)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from computescope.explorer.theme import color_for


def option_costs(options: list[dict[str, Any]], baseline: dict[str, Any], title: str) -> go.Figure:
    """Total cost of each ranked option, with the cheapest hyperscaler and cheapest cloud as reference lines."""
    labels = [f"#{i} {o['provider']} · {o['region'] or 'any region'}" for i, o in enumerate(options, start=1)]
    fig = go.Figure(
        go.Bar(
            x=[o["total_usd"] for o in options][::-1], y=labels[::-1], orientation="h",
            marker_color=[color_for(o["provider"]) for o in options][::-1],
            customdata=[[o["usd_per_gpu_hour"], o["source"]] for o in options][::-1],
            hovertemplate="%{y}: $%{x:,.2f} total<br>$%{customdata[0]:.2f}/GPU-h · source %{customdata[1]}<extra></extra>",
            text=[f"${o['total_usd']:,.0f}" for o in options][::-1], textposition="outside", cliponaxis=False,
        )
    )
    for key, label, dash in (("hyperscaler", "cheapest hyperscaler", "dot"), ("cloud", "cheapest cloud", "dash")):
        option = baseline.get(key)
        if option:
            fig.add_vline(x=option["total_usd"], line_dash=dash, line_color="#555",
                          annotation_text=f"{label} ({option['provider']}) ${option['total_usd']:,.0f}", annotation_position="top")
    fig.update_layout(title=title, xaxis_title="total cost (USD)", height=max(260, 34 * len(options) + 130), showlegend=False)
    return fig
