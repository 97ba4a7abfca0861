"""Utilization: how much of the capacity is actually used? (The seed's headline: Akash GPUs 19.3 % used.)"""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import Input, Output, callback, dcc, html, register_page

from computescope.explorer.components.cards import create_headlines
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.filters import (
    BUCKET_DAYS,
    BUCKETS,
    create_filters,
    parse_networks,
    parse_range,
    since,
)
from computescope.explorer.data import frame, network_cards
from computescope.explorer.figures.empty import empty_figure
from computescope.explorer.figures.utilization import idle_capacity, utilization_lines, weekday_hour_heatmap

register_page(__name__, path="/utilization", name="Utilization", title="computescope · Utilization", order=2.5, nav=True)

PAGE = "utilization"
URL_KEYS = ["networks", "range", "model"]
GRAPH = {"displaylogo": False}


def layout(networks: str | None = None, range: str | None = None, model: str | None = None, **_q: str) -> html.Div:  # noqa: A002
    models = sorted(set(frame("price_models")["gpu_model"].to_list()))
    return html.Div(
        [
            url_keys_store(PAGE, URL_KEYS),
            dmc.Group([dmc.Title("GPU utilization", order=2), create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text("How much of it is actually used? Share of GPUs in use over time, idle capacity now, and when in the week demand comes.",
                     c="dimmed", mb="sm"),
            dmc.Group([create_filters(PAGE, parse_networks(networks), parse_range(range)),
                       dmc.Select(id="utilization-model", label="GPU model", data=[{"value": "*", "label": "all models"}, *models],
                                  value=model if model in models else "*", w=180, allowDeselect=False)], align="flex-end"),
            html.Div(id="utilization-summary"),
            dcc.Loading(dmc.Paper(dcc.Graph(id="utilization-lines", config=GRAPH), withBorder=True, p="sm", mt="md")),
            dmc.SimpleGrid([
                dmc.Paper(dcc.Graph(id="utilization-idle", config=GRAPH), withBorder=True, p="sm"),
                dmc.Paper(dcc.Graph(id="utilization-heatmap", config=GRAPH), withBorder=True, p="sm"),
            ], cols={"base": 1, "lg": 2}, mt="md"),
        ]
    )



@callback(
    Output("utilization-lines", "figure"), Output("utilization-idle", "figure"), Output("utilization-heatmap", "figure"),
    Output("utilization-summary", "children"),
    Input("utilization-networks", "value"), Input("utilization-range", "value"), Input("utilization-model", "value"),
)
def update(networks: list[str] | None, range_key: str, model: str | None) -> tuple[Any, ...]:
    chosen = networks or parse_networks(None)
    start = since(range_key)
    series = frame("utilization_series", {"networks": chosen, "since": start, "model": model or "*", "bucket": BUCKETS.get(range_key, "1 day")})
    idle = frame("utilization_idle", {"networks": chosen})
    heat = frame("utilization_heatmap", {"networks": chosen, "since": start})
    label = "all models" if (model or "*") == "*" else model
    lines = utilization_lines(series, f"GPUs in use over time, {label} (% of GPUs)", BUCKET_DAYS.get(range_key, 1.0)) if series.height else empty_figure("GPUs in use over time", "no utilization in this range")
    idle_fig = idle_capacity(idle) if idle.filter(idle["gpu_model"] != "*").height else empty_figure("Idle capacity", "no per-model capacity figures")
    heat_fig = weekday_hour_heatmap(heat) if heat.height else empty_figure("Utilization by weekday and hour", "needs hourly data: only the Local network (simulated) publishes it; add it in Networks")
    # the newest utilization of each network: the metric, as its Overview card shows it
    headlines = create_headlines([c for c in network_cards() if c["network"] in chosen], "utilization", "utilization-headlines")
    return lines, idle_fig, heat_fig, headlines


bind_url(PAGE, [Input("utilization-networks", "value"), Input("utilization-range", "value"), Input("utilization-model", "value")])
