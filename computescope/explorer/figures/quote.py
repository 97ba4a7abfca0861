"""Quote figures: pure builders from quote answers (USD)."""

from __future__ import annotations

import plotly.graph_objects as go

from computescope.core.catalog.gpus import INTERFACE_NAMES
from computescope.explorer.figures.empty import hatched
from computescope.explorer.theme import NEUTRAL, color_for
from computescope.quoting.answer import QuoteAnswer, QuoteOption


def _name(o: QuoteOption) -> str:
    """Provider, form factor when known (it tells apart one provider's offers of a model: Akash prices H100 and H100 SXM), region."""
    form = INTERFACE_NAMES.get(o.option.interface or "")
    return " · ".join(p for p in (o.facts.provider_name, form, o.option.region or "any region") if p)


def option_costs(answer: QuoteAnswer, title: str) -> go.Figure:
    """Total cost of each ranked option (indicative ones hatched), with the cheapest hyperscaler and cloud as reference lines."""
    options = answer.options[::-1]
    labels = [f"#{len(options) - i} {_name(o)}" for i, o in enumerate(options)]
    fig = go.Figure(
        go.Bar(
            x=[o.option.total_usd for o in options], y=labels, orientation="h",
            marker=hatched([color_for(o.option.provider) for o in options], ["" if o.facts.firm else "/" for o in options]),
            customdata=[[o.option.usd_per_gpu_hour, o.option.source, o.facts.kind, o.facts.availability] for o in options],
            hovertemplate="%{y}: $%{x:,.2f} total<br>$%{customdata[0]:.2f}/GPU-h · %{customdata[2]} · source %{customdata[1]}"
                          "<br>%{customdata[3]}<extra></extra>",
            text=[f"${o.option.total_usd:,.0f}" for o in options], textposition="outside", cliponaxis=False,
        )
    )
    for option, label, dash in ((answer.hyperscaler, "cheapest hyperscaler", "dot"), (answer.cloud, "cheapest cloud", "dash")):
        if option is not None:
            fig.add_vline(x=option.total_usd, line_dash=dash, line_color=NEUTRAL,
                          annotation_text=f"{label} ({answer.name(option.provider)}) ${option.total_usd:,.0f}", annotation_position="top")
    fig.update_layout(title=title, xaxis_title="total cost (USD); hatched: availability unknown", height=max(260, 34 * len(options) + 130),
                      showlegend=False)
    return fig
