"""Price figures: pure DataFrame -> Figure builders."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from computescope.explorer.theme import color_for


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
    if hyperscaler_median is not None:
        fig.add_vline(x=hyperscaler_median, line_dash="dot", line_color="#666",
                      annotation_text=f"hyperscaler median ${hyperscaler_median:.2f}", annotation_position="top")
    fig.update_layout(
        title=f"{model}: price per GPU-hour by provider (USD/GPU-h)",
        xaxis_title="USD per GPU-hour",
        height=max(260, 34 * data.height + 110),
        showlegend=False,
    )
    return fig
