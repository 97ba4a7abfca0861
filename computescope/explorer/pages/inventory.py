"""Inventory: what hardware exists, and where? Registered, verified and active counts kept apart."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, dcc, html, register_page

from computescope.core.catalog.networks import NETWORKS
from computescope.explorer import fmt
from computescope.explorer.components.cards import create_headlines
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.filters import create_filters, parse_networks, parse_range, since
from computescope.explorer.data import frame, network_cards
from computescope.explorer.figures.empty import empty_figure
from computescope.explorer.figures.inventory import (
    class_split,
    country_map,
    inventory_over_time,
    models_by_network,
)

register_page(__name__, path="/inventory", name="Inventory", title="computescope · Inventory", order=2, nav=True)

PAGE = "inventory"
URL_KEYS = ["networks", "range"]
GRAPH = {"displaylogo": False, "topojsonURL": "/assets/topojson/"}


def layout(networks: str | None = None, range: str | None = None, **_q: str) -> html.Div:  # noqa: A002 - the URL's name
    return html.Div(
        [
            url_keys_store(PAGE, URL_KEYS),
            dmc.Group([dmc.Title("GPU inventory", order=2), create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text("What hardware exists, and where? Each network's newest published count per model, in the measure it publishes "
                     "(total, verified, registered, active are never added together).", c="dimmed", mb="sm"),
            create_filters(PAGE, parse_networks(networks), parse_range(range)),
            html.Div(id="inventory-summary"),
            dcc.Loading(dmc.SimpleGrid([
                dmc.Paper(dcc.Graph(id="inventory-models", config=GRAPH), withBorder=True, p="sm"),
                dmc.Paper(dcc.Graph(id="inventory-class", config=GRAPH), withBorder=True, p="sm"),
            ], cols={"base": 1, "lg": 2}, mt="md")),
            dmc.Paper(dcc.Graph(id="inventory-map", config=GRAPH), withBorder=True, p="sm", mt="md"),
            dmc.Paper(dcc.Graph(id="inventory-history", config=GRAPH), withBorder=True, p="sm", mt="md"),
            html.Div(id="inventory-notes"),
        ]
    )



@callback(
    Output("inventory-models", "figure"), Output("inventory-class", "figure"), Output("inventory-map", "figure"),
    Output("inventory-history", "figure"), Output("inventory-summary", "children"), Output("inventory-notes", "children"),
    Input("inventory-networks", "value"), Input("inventory-range", "value"),
)
def update(networks: list[str] | None, range_key: str) -> tuple[Any, ...]:
    chosen = networks or parse_networks(None)
    models = frame("inventory_by_model", {"networks": chosen})
    countries = frame("inventory_by_country", {"networks": chosen})
    history = frame("inventory_history", {"networks": chosen, "since": since(range_key)})
    by_model = models_by_network(models) if models.height else empty_figure("GPUs by model and network", "no per-model inventory for these networks")
    by_class = class_split(models) if models.height else empty_figure("Consumer vs data-centre GPUs", "no per-model inventory for these networks")
    world = country_map(countries) if countries.height else empty_figure("Where the nodes are", "no node locations for these networks")
    over_time = inventory_over_time(history) if history.height else empty_figure("GPUs over time", "no counts in this time range")
    cards = [c for c in network_cards() if c["network"] in chosen]
    summary = [create_headlines(cards, "gpus", "inventory-headlines"), _summary(models, countries)]
    missing = [n for n in chosen if n not in set(models["network"].to_list())]
    notes = dmc.Text(f"No per-model inventory from: {', '.join(missing)} (Render and Gensyn publish none; io.net needs a token; see Status).",
                     size="xs", c="dimmed", mt=4) if missing else None
    return by_model, by_class, world, over_time, summary, notes


def _summary(models: pl.DataFrame, countries: pl.DataFrame) -> dmc.Text:
    """How much per-model detail lies behind the charts; the simulated local network beside it, never added in."""
    simulated = {n.slug for n in NETWORKS if n.simulated}
    real = models.filter(~pl.col("network").is_in(list(simulated)))
    sim = models.filter(pl.col("network").is_in(list(simulated)))
    real_nodes = countries.filter(~pl.col("network").is_in(list(simulated)))
    text = (f"{fmt.count(real['gpus'].sum() if real.height else None)} GPUs listed per model across {real['network'].n_unique()} real network(s); "
            f"{fmt.count(real_nodes['nodes'].sum() if real_nodes.height else None)} nodes with a known country.")
    if sim.height:
        text += f" Local network (simulated): {fmt.count(sim['gpus'].sum())} GPUs, not added in."
    return dmc.Text(text, size="sm", mt="sm", id="inventory-total")


bind_url(PAGE, [Input("inventory-networks", "value"), Input("inventory-range", "value")])
