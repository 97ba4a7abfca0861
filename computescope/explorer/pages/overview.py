"""Overview: how big and how busy is each network today, and what does an H100 cost compared with the cloud?"""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.capacity import create_capacity_panel
from computescope.explorer.components.cards import create_network_card
from computescope.explorer.components.events import create_localnet_events
from computescope.explorer.data import frame, network_cards
from computescope.explorer.figures.prices import model_price_bars

register_page(__name__, path="/", name="Overview", title="computescope · Overview", order=0, nav=True)

MODEL = "H100"


def layout(**_query: str) -> html.Div:
    definitions = {r["name"]: r["description"] for r in frame("metric_definitions").iter_rows(named=True)}
    cards = network_cards(MODEL)
    prices = frame("model_prices", {"model": MODEL}).filter(pl.col("kind") != "simulated")
    median = cards[0]["cloud_median"] if cards else None
    chart: object
    if prices.is_empty():
        chart = dmc.Alert(f"No {MODEL} prices yet: run `computescope ingest run snapshot`.", color="gray")
    else:
        chart = dcc.Graph(id="overview-h100-prices", figure=model_price_bars(prices, MODEL, median), config={"displaylogo": False})
    return html.Div(
        [
            dmc.Title("Decentralized GPU networks today", order=2, mt="md"),
            dmc.Text(
                "How big and how busy is each network, and what does an H100 cost there compared with the cloud? "
                "Each figure names its source and age; hover a dash to see why a figure is missing.",
                c="dimmed",
                mb="md",
            ),
            dmc.SimpleGrid(
                [create_network_card(card, MODEL) for card in cards],
                cols={"base": 1, "sm": 2, "lg": 5},
                spacing="md",
                id="overview-cards",
            ),
            create_capacity_panel("overview-capacity"),
            dmc.Paper(chart, withBorder=True, radius="md", p="sm", mt="lg"),
            dmc.Text(["Hyperscaler median (AWS · GCP · Azure, on-demand, all regions and memory sizes): ",
                      html.Span(fmt.usd_per_gpu_hour(median), className="metric-hyperscaler-median", id="overview-hyperscaler-median")],
                     size="sm", mt=4),
            create_localnet_events(),
            dmc.Text(
                f"Each bar: {definitions.get('h100_price_usd_per_gpu_hour', 'one H100 price per provider')}; cloud prices are "
                "instance prices divided by the GPUs in the instance. The dotted line: "
                f"{definitions.get('h100_hyperscaler_median_usd_per_gpu_hour', 'the median of AWS, GCP and Azure')}.",
                size="xs",
                c="dimmed",
                mt=4,
            ),
        ]
    )
