"""A network's providers: each with its GPU, days observed and online share, linking to its history; why when none is listed."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import html, register_page

from computescope.core.catalog.networks import ALL_NETWORKS
from computescope.explorer import fmt
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import missing, provenance
from computescope.explorer.data import frame
from computescope.explorer.history import NO_PROVIDERS, providers
from computescope.explorer.theme import color_for

register_page(__name__, path_template="/providers/<network>", name="Providers", title="computescope · Providers", nav=False)

PCT = {"function": "params.value == null ? '—' : params.value.toFixed(1) + '%'"}
COLUMNS = [
    {"field": "provider", "headerName": "Provider", "cellRenderer": "markdown", "minWidth": 180, "tooltipField": "id"},
    {"field": "operator", "headerName": "Operator"},
    {"field": "gpu_model", "headerName": "GPU (first listed)"},
    {"field": "days", "headerName": "Days seen", "type": "numericColumn"},
    {"field": "availability_pct", "headerName": "Online, our polls (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "uptime_pct", "headerName": "Uptime 24 h, published (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "last_seen", "headerName": "Last seen (UTC)", "minWidth": 150},
]


def _localnet() -> list[Any]:
    top = frame("operator_top", {"limit": 50})
    links = [dmc.Anchor(f"{r['name']} · {r['kind']} · {fmt.count(r['gpus'])} GPUs", href=f"/operators/{r['operator_id']}", size="sm")
             for r in top.iter_rows(named=True)]
    return [dmc.Text("The local network's providers are its operators (simulated); each operator's page has its history.", mb="sm"),
            dmc.Stack(links, gap=2, id="providers-operators") if links else dmc.Text("The local network has not run yet.", c="dimmed")]


def _rows(rows: list[dict[str, Any]], network: str) -> list[dict[str, Any]]:
    return [{"provider": f"[{r['name'] or r['provider']}](/providers/{network}/{r['provider']})", "id": r["provider"],
             "operator": r["operator"], "gpu_model": r["gpu_model"] or "—", "days": r["days"],
             "availability_pct": None if r["availability"] is None else r["availability"] * 100,
             "uptime_pct": None if r["uptime_1d"] is None else r["uptime_1d"] * 100, "last_seen": fmt.exact_time(r["observed_at"])}
            for r in rows]


def layout(network: str | None = None, **_query: str) -> html.Div:
    if network not in ALL_NETWORKS:
        return html.Div([dmc.Title("No such network", order=2, mt="md"),
                         dmc.Text(f"No network is called {network!r}; see ", mb="sm"), dmc.Anchor("the networks", href="/networks")],
                        id="providers-unknown")
    head = [html.Div(className="page-accent", style={"background": color_for(network)}),
            dmc.Title(f"{fmt.network_name(network)}: providers", order=2, mt="md", id="providers-title")]
    if network == "localnet":
        return html.Div([*head, *_localnet()])
    if network in NO_PROVIDERS:
        return html.Div([*head, dmc.Text(["Per-provider figures: ", missing(NO_PROVIDERS[network]), f" — {NO_PROVIDERS[network]}."],
                                         id="providers-none", mt="sm")])
    rows = providers(network)
    if rows.is_empty():
        return html.Div([*head, dmc.Text("No poll of this network's providers has been loaded yet: run its source (see Status).",
                                         id="providers-none", c="dimmed", mt="sm")])
    newest = rows.sort("observed_at").row(-1, named=True)
    return html.Div([
        *head,
        dmc.Text([f"{fmt.count(rows.height)} provider{'' if rows.height == 1 else 's'} seen by this explorer's polls, most GPUs first; each links to its history per day · ",
                  provenance(newest["source"], None, newest["observed_at"])], size="sm", c="dimmed", mb="sm"),
        create_grid("providers-grid", _rows(rows.to_dicts(), network), COLUMNS, height=min(640, 90 + 42 * rows.height),
                    file_name=f"{network}-providers.csv"),
        dmc.Text("Observed: the share of the polls that found each provider online, and the 24-hour uptime the network publishes for it.",
                 size="xs", c="dimmed", mt=4),
    ])
