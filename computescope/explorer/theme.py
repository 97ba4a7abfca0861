"""Constants shared by every page and figure: names, one fixed colour per network, the Plotly template."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from computescope.core.catalog.networks import ALL_NETWORKS, REAL_NETWORKS

__all__ = ["ALL_NETWORKS", "REAL_NETWORKS"]  # names come from the one list of networks

APP_TITLE = "computescope"
TAGLINE = "Decentralized GPU networks, measured against the clouds"

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies
NETWORK_COLORS: dict[str, str] = {
    "akash": "#D55E00",
    "ionet": "#0072B2",
    "render": "#CC79A7",
    "aethir": "#009E73",
    "gensyn": "#E69F00",
    "localnet": "#56B4E9",
}
# greys between #717171 and #949494 keep 3:1 contrast (WCAG, graphics) against both the light (#ffffff) and dark (#242424) page
CLOUD_GREYS: dict[str, str] = {
    "aws": "#717171",
    "gcp": "#787878",
    "azure": "#7f7f7f",
    "lambda": "#8a8a8a",
    "runpod": "#8e8e8e",
    "vast": "#949494",
    "fluidstack": "#868686",
    "shadeform": "#919191",
}
# clouds share greys, so on a line chart each also keeps its own marker shape (networks are told apart by colour)
CLOUD_SYMBOLS: dict[str, str] = {
    "aws": "square", "gcp": "diamond", "azure": "triangle-up", "lambda": "cross", "runpod": "x", "vast": "star",
    "fluidstack": "triangle-down", "shadeform": "pentagon",
}
DEFAULT_GREY = "#8c8c8c"
NEUTRAL = "#8c8c8c"  # reference lines, totals and "other" series: readable in both themes
IDLE = "rgba(140, 140, 140, 0.45)"  # capacity not in use, beside a network's colour
TRANSPARENT = "rgba(0,0,0,0)"  # chart backgrounds: the page colour (light or dark) shows through

HYPERSCALERS = ("aws", "gcp", "azure")


def color_for(provider: str) -> str:
    return NETWORK_COLORS.get(provider) or CLOUD_GREYS.get(provider, DEFAULT_GREY)


def register_template() -> None:
    """One Plotly template for every chart, registered once as 'computescope'."""
    template = go.layout.Template()
    template.layout = go.Layout(
        font={"family": "Inter, system-ui, -apple-system, Segoe UI, sans-serif", "size": 13},
        margin={"l": 56, "r": 16, "t": 56, "b": 56},
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
        hoverlabel={"namelength": -1},
        legend={"orientation": "h", "yanchor": "top", "y": -0.26, "x": 0},
        xaxis={"gridcolor": "rgba(128,128,128,0.2)", "zeroline": False},
        yaxis={"gridcolor": "rgba(128,128,128,0.2)", "zeroline": False},
        colorway=list(NETWORK_COLORS.values()),
    )
    # merged once: a "plotly+computescope" default would be re-merged for every figure (~14 ms each)
    pio.templates["computescope"] = pio.templates.merge_templates("plotly", template)
    pio.templates.default = "computescope"


def symbol_for(provider: str) -> str:
    return CLOUD_SYMBOLS.get(provider, "circle")
