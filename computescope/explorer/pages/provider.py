"""One provider of a real network over time: availability per day from the daily rollup, its market, and what is not published."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_mantine_components as dmc
from dash import Input, Output, State, callback, dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.filters import RANGES, parse_range
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import missing, provenance
from computescope.explorer.figures.history import provider_availability, provider_market
from computescope.explorer.history import (
    NO_PROVIDERS,
    known_network,
    provider_gaps,
    provider_history,
    provider_profile,
)
from computescope.explorer.theme import color_for

register_page(__name__, path_template="/providers/<network>/<provider>", name="Provider", title="computescope · Provider", nav=False)

PAGE = "provider"
GRAPH = {"displaylogo": False}
PCT = {"function": "params.value == null ? '—' : params.value.toFixed(1) + '%'"}
USD = {"function": "params.value == null ? '—' : '$' + d3.format(',.2f')(params.value)"}
COLUMNS = [
    {"field": "day", "headerName": "Day (UTC)", "minWidth": 120},
    {"field": "availability_pct", "headerName": "Online at our polls (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "samples", "headerName": "Polls", "type": "numericColumn"},
    {"field": "uptime_pct", "headerName": "Uptime, 24 h, published (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "gpu_model", "headerName": "GPU (first listed)", "minWidth": 150},
    {"field": "market_usd_per_gpu_hour", "headerName": "Network median bid, same GPU (USD/GPU-h)", "type": "numericColumn",
     "valueFormatter": USD, "minWidth": 190},
]


def _unknown(network: str, provider: str) -> html.Div:
    why = NO_PROVIDERS.get(network) or ("no poll has observed this provider" if known_network(network) else "no such network")
    return html.Div([dmc.Title("No such provider", order=2, mt="md"),
                     dmc.Text(f"No provider {provider!r} on {network!r}: {why}.", mb="sm"),
                     dmc.Anchor("The network's providers", href=f"/providers/{network}")], id="provider-unknown")


def _gap_stat(label: str, metric: str, gaps: dict[str, str]) -> html.Div:
    return create_stat(label, missing(gaps[metric]), None, gaps[metric], stat_id=f"provider-{metric}")


def layout(network: str | None = None, provider: str | None = None, range: str | None = None,  # noqa: A002 - the URL's name
           **_query: str) -> html.Div:
    network, provider = str(network), str(provider)
    if network == "localnet":
        return html.Div([dmc.Title("A local-network provider is an operator", order=2, mt="md"),
                         dmc.Anchor(f"Open operator {provider}", href=f"/operators/{provider}")], id="provider-unknown")
    profile = provider_profile(network, provider) if known_network(network) else None
    if profile is None:
        return _unknown(network, provider)
    gaps = provider_gaps(network)
    seen = provenance(str(profile["source"]), None, profile["observed_at"])  # type: ignore[arg-type]
    stats = [
        create_stat("Online at our polls", fmt.pct(profile["availability"]), None,  # type: ignore[arg-type]
                    f"over {profile['days']} days observed since {profile['first_day']}", stat_id="provider-availability"),
        create_stat("Uptime, 24 h", fmt.pct(profile["uptime_1d"]), None, "as the network publishes it, newest", stat_id="provider-uptime"),  # type: ignore[arg-type]
        create_stat("GPU", profile["gpu_model"] or "—", None, "the first model it lists"),
        _gap_stat("Earnings", "earnings", gaps), _gap_stat("GPUs leased", "utilization", gaps), _gap_stat("Its price", "price", gaps),
    ]
    return html.Div([
        url_keys_store(PAGE, ["range"]),
        dcc.Store(id="provider-key", data={"network": network, "provider": provider, "newest": str(profile["last_day"])}),
        html.Div(className="page-accent", style={"background": color_for(network)}),
        dmc.Group([dmc.Group([dmc.Title(str(profile["name"] or provider), order=2, id="provider-title"),
                              dmc.Badge(fmt.network_name(network), variant="light"), dmc.Badge("observed", variant="outline")]),
                   create_copy_link(PAGE)], justify="space-between", mt="md"),
        dmc.Text([f"{provider} · operator {profile['operator'] or '—'} · ", seen, " · ",
                  dmc.Anchor("all providers", href=f"/providers/{network}", size="sm")], size="sm", c="dimmed", mb="sm"),
        dmc.SimpleGrid(stats, cols={"base": 2, "sm": 3, "lg": 6}, id="provider-stats"),
        dmc.Group([dmc.Title("History per day", order=4), dmc.SegmentedControl(id="provider-range", value=parse_range(range, "1M"),
                                                                                data=list(RANGES), **{"aria-label": "time range"})],
                  justify="space-between", mt="lg"),
        dcc.Loading(dmc.SimpleGrid([dmc.Paper(dcc.Graph(id="provider-availability-graph", config=GRAPH), withBorder=True, p="sm"),
                                    dmc.Paper(dcc.Graph(id="provider-market-graph", config=GRAPH), withBorder=True, p="sm")],
                                   cols={"base": 1, "lg": 2}, mt="xs")),
        create_grid("provider-history-grid", [], COLUMNS, height=320, file_name=f"{network}-{provider}-history.csv"),
        dmc.Text(["Observed: this explorer's polls of the network's provider list, counted per UTC day · ", seen, " · every day at ",
                  dmc.Anchor("the API", id="provider-history-api", href="#", size="xs")], size="xs", c="dimmed", mt=4),
    ])


@callback(Output("provider-availability-graph", "figure"), Output("provider-market-graph", "figure"),
          Output({"type": "grid", "grid": "provider-history-grid"}, "rowData"), Output("provider-history-api", "href"),
          Input("provider-range", "value"), State("provider-key", "data"))
def history(range_key: str, key: dict[str, str]) -> tuple[Any, Any, list[dict[str, Any]], str]:
    range_key = parse_range(range_key, "1M")
    network, provider = key["network"], key["provider"]
    days = provider_history(network, provider, range_key, date.fromisoformat(key["newest"]))
    label = "all days observed" if range_key == "ALL" else f"last {RANGES[range_key]} days"
    price_why = provider_gaps(network).get("price", "no price for its GPU model in this range")
    rows = [{"day": r["day"].isoformat(), "samples": r["samples"], "gpu_model": r["gpu_model"] or "—",
             "availability_pct": None if r["availability"] is None else r["availability"] * 100,
             "uptime_pct": None if r["uptime_1d"] is None else r["uptime_1d"] * 100,
             "market_usd_per_gpu_hour": r["market_usd_per_gpu_hour"]} for r in days.iter_rows(named=True)]
    return (provider_availability(days, f"Online per day, {label} (%)", color_for(network)),
            provider_market(days, f"Median bid for its GPU, {label} (USD/GPU-h)", f"— {price_why}"),
            rows, f"/api/v1/providers/{network}/{provider}/history?range={range_key}&limit=1000")


bind_url(PAGE, [Input("provider-range", "value")])
