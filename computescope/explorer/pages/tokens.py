"""Tokens: does demand pay for the incentives? Every token side by side, revenue against emissions in USD."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import frame, metric_index, metrics
from computescope.explorer.figures.tokens import incentives_chart
from computescope.explorer.tokenview import incentives_vs_demand

register_page(__name__, path="/tokens", name="Tokens", title="computescope · Tokens", order=5, nav=True)

USD = {"function": "params.value == null ? '—' : '$' + d3.format(',.0f')(params.value)"}
WRAP = {"wrapText": True}  # the grid factory breaks these between words and sizes the rows
COLUMNS = [
    {"field": "symbol", "headerName": "Token", "cellRenderer": "markdown", "pinned": "left", "minWidth": 100},
    {"field": "network", "headerName": "Network"},
    {"field": "token_model", "headerName": "Token model", "minWidth": 160},
    {"field": "coverage", "headerName": "Demand ÷ emissions (%)", "type": "numericColumn"},
    {"field": "coverage_kind", "headerName": "Coverage kind"},
    {"field": "emitted_tokens_per_year", "headerName": "Emission, next 12 months (tokens)", "type": "numericColumn", "minWidth": 160},
    {"field": "emission_kind", "headerName": "Emission kind"},
    {"field": "price", "headerName": "Price (USD)", "tooltipField": "price_note", "minWidth": 170, **WRAP},
    {"field": "emission_usd_per_year", "headerName": "Emissions (USD/year)", "type": "numericColumn", "valueFormatter": USD, "minWidth": 160},
    {"field": "demand_usd_per_year", "headerName": "Demand (USD/year)", "type": "numericColumn", "valueFormatter": USD, "minWidth": 160},
    {"field": "demand_basis", "headerName": "Demand basis", "minWidth": 280, **WRAP},
    {"field": "max_supply", "headerName": "Max supply (tokens)", "type": "numericColumn", "minWidth": 160,
     "valueFormatter": {"function": "params.value == null ? 'no cap' : d3.format(',.0f')(params.value)"}},
    {"field": "chain", "headerName": "Chain", "tooltipField": "chain", "minWidth": 300, **WRAP},
]


def layout(**_query: str) -> html.Div:
    tokens = frame("tokens_list")
    shared = metrics()
    rows = incentives_vs_demand(tokens, frame("token_demand"), shared)
    index = metric_index(shared)
    facts = {r["symbol"]: r for r in tokens.iter_rows(named=True)}
    grid_rows = [
        {
            "symbol": f"[{r['symbol']}](/tokens/{r['symbol']})",
            "network": r["network"],
            "token_model": fmt.metric(index.get(("token_model", r["symbol"]))),
            "chain": facts[r["symbol"]]["chain"],
            "max_supply": facts[r["symbol"]]["max_supply"],
            "emitted_tokens_per_year": fmt.metric(index.get(("token_emission_next_year", r["symbol"]))),
            "emission_kind": r["emission_kind"],
            "price": (f"${r['price_usd']:,.4g}" + (" (assumed)" if r["price_is_assumption"] else "")) if r["price_usd"] else fmt.DASH,
            "price_note": "calibration value: no market price ingested yet (see Status)" if r["price_is_assumption"] else "newest market price",
            "emission_usd_per_year": r["emission_usd_per_year"],
            "demand_usd_per_year": r["demand_usd_per_year"],
            "demand_basis": r["demand_basis"] or "no published revenue or burns",
            "coverage": fmt.metric(index.get(("demand_coverage", r["symbol"]))),
            "coverage_kind": r["coverage_kind"] or "",
        }
        for r in rows
    ]
    sources = [
        dmc.Text([f"{r['symbol']} demand: ", provenance(r["demand_source"], r["demand_source_url"], r["demand_observed_at"])], size="xs", c="dimmed")
        for r in rows if r["demand_source"]
    ]
    return html.Div(
        [
            dmc.Title("Tokens: does demand pay for the incentives?", order=2, mt="md"),
            dmc.Text(
                "Burn-and-mint networks (Render, Akash, io.net) pay providers from emissions and need demand to burn tokens; "
                "stake-for-access (Aethir) needs demand to justify the stake. Below each network's next-year emissions, valued in USD, "
                "against its published yearly demand. Prices marked 'assumed' are calibration values until market data is ingested.",
                c="dimmed", mb="md",
            ),
            dmc.Paper(dcc.Graph(id="tokens-incentives", figure=incentives_chart(rows), config={"displaylogo": False}), withBorder=True, p="sm"),
            dmc.Stack(sources, gap=0, mt=4),
            dmc.Title("Every token", order=4, mt="lg", mb="xs"),
            create_grid("tokens-grid", grid_rows, COLUMNS, height=380, file_name="tokens.csv"),
        ]
    )
