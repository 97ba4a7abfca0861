"""Networks: how do the five compare on the seed article's framework, with live metrics beside it?"""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.capacity import create_capacity_panel
from computescope.explorer.components.grid import create_grid
from computescope.explorer.data import frame, network_cards

register_page(__name__, path="/networks", name="Networks", title="computescope · Networks", order=1, nav=True)

WRAP = {"wrapText": True}  # the grid factory breaks these between words and sizes the rows
COLUMNS = [
    {"field": "name", "headerName": "Network", "cellRenderer": "markdown", "pinned": "left", "minWidth": 150},
    {"field": "supply_source", "headerName": "Supply mainly from", "tooltipField": "supply_source", "minWidth": 200, **WRAP},
    {"field": "customers", "headerName": "Customers mainly", "tooltipField": "customers", "minWidth": 200, **WRAP},
    {"field": "layer", "headerName": "Layer", "minWidth": 140},
    {"field": "main_business", "headerName": "Main business", "tooltipField": "main_business", "minWidth": 340, **WRAP},
    {"field": "token_model", "headerName": "Token model", "minWidth": 150, **WRAP},
    {"field": "token_symbol", "headerName": "Token"},
    {"field": "gpus", "headerName": "GPUs (count)", "type": "numericColumn", "minWidth": 140,
     "valueFormatter": {"function": "params.value == null ? '—' : d3.format(',')(params.value)"}},
    {"field": "gpu_measure", "headerName": "GPU measure", "minWidth": 170, **WRAP},
    {"field": "gpu_util", "headerName": "GPU utilization (%)", "type": "numericColumn"},
    {"field": "h100", "headerName": "H100 (USD/GPU-h)", "type": "numericColumn"},
]


def rows() -> list[dict[str, object]]:
    meta = {r["network"]: r for r in frame("networks_list").iter_rows(named=True)}
    out = []
    for card in network_cards("H100"):
        m = meta.get(card["network"], {})
        measure = next((g for g in ("verified", "active", "total", "registered") if g in card["gpus"]), None)
        head = card["gpus"][measure] if measure else None
        out.append(
            {
                "name": f"[{card['name']}](/networks/{card['network']})",
                "supply_source": m.get("supply_source"),
                "customers": m.get("customers"),
                "layer": m.get("layer"),
                "main_business": m.get("main_business"),
                "token_model": fmt.metric(card["token_model"]) if card["token_model"] else None,
                "token_symbol": m.get("token_symbol"),
                "gpus": head["value"] if head else None,
                "gpu_measure": f"{measure}, {head['observed_at']:%Y-%m-%d}" if head else None,
                "gpu_util": fmt.metric(card["utilization"]),
                "h100": fmt.metric(card["price"]),
            }
        )
    return out


def layout(**_query: str) -> html.Div:
    data = rows()
    return html.Div(
        [
            dmc.Title("The five networks compared", order=2, mt="md"),
            dmc.Text(
                "The seed article's framework (supply source, customers, layer, main business, token model) beside each network's "
                "newest public figures. Open a network for its token, figures and sources.",
                c="dimmed",
                mb="md",
            ),
            create_grid("networks-grid", data, COLUMNS, height=600, file_name="networks.csv"),
            dmc.Text(
                "Framework: \"Born on the Edge\" (Youbi Capital, July 2024) after Blockworks Research's three layers. GPU counts keep "
                "registered, verified and active apart; each measure is named.",
                size="xs", c="dimmed", mt=4,
            ),
            create_capacity_panel("networks-capacity"),
        ]
    )
