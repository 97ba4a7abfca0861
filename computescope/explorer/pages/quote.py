"""Quote: where should I run 8×H100 for 72 h? Ranked options across networks and clouds, and why others were rejected."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import Input, Output, callback, dcc, html, no_update, register_page

from computescope.core.catalog.regions import MACRO_REGIONS
from computescope.explorer.components.controls import bind_url, create_copy_link, split_list, url_keys_store
from computescope.explorer.components.grid import create_grid
from computescope.explorer.data import db, frame
from computescope.explorer.figures.empty import empty_figure
from computescope.explorer.figures.quote import option_costs
from computescope.quoting import QuoteInputError, parse_request, run_quote

register_page(__name__, path="/quote", name="Quote", title="computescope · Quote", order=4, nav=True)

PAGE = "quote"
FIELDS = ("gpu", "count", "hours", "per_node", "vram", "region", "max_price", "min_uptime", "split", "lambda")
DEFAULTS = {"gpu": "H100", "count": 8, "hours": 72}
USD = {"function": "params.value == null ? '—' : d3.format('$,.2f')(params.value)"}
COLUMNS = [
    {"field": "rank", "headerName": "#", "maxWidth": 70, "minWidth": 60},
    {"field": "provider", "headerName": "Provider"},
    {"field": "provider_kind", "headerName": "Kind"},
    {"field": "region", "headerName": "Region"},
    {"field": "usd_per_gpu_hour", "headerName": "USD/GPU-h", "type": "numericColumn", "valueFormatter": USD},
    {"field": "hourly_usd", "headerName": "USD/hour", "type": "numericColumn", "valueFormatter": USD},
    {"field": "total_usd", "headerName": "Total (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "saving_vs_hyperscaler_usd", "headerName": "Saves vs cheapest hyperscaler (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "saving_vs_cloud_usd", "headerName": "Saves vs cheapest cloud (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "billed_gpus", "headerName": "GPUs billed", "type": "numericColumn"},
    {"field": "reputation", "headerName": "Reputation R", "type": "numericColumn"},
    {"field": "source", "headerName": "Source"},
    {"field": "observed_at", "headerName": "Observed"},
]


def gpu_options() -> list[str]:
    return sorted(set(frame("price_models")["gpu_model"].to_list()) | {"H100"})


def layout(**query: str) -> html.Div:
    q = {**{k: str(v) for k, v in DEFAULTS.items()}, **{k: v for k, v in query.items() if k in FIELDS}}
    number = lambda key: float(q[key]) if q.get(key) not in (None, "") and _is_number(q[key]) else None  # noqa: E731
    return html.Div(
        [
            url_keys_store(PAGE, list(FIELDS)),
            dmc.Group([dmc.Title("Get a quote across every network and cloud", order=2), create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text("Where should I run my GPUs? One order matched against every priced network and cloud offer: eligibility, "
                     "per-node packing, ranking by price (weighted by reputation with λ > 0), and the cloud baseline.", c="dimmed", mb="sm"),
            dmc.Group(
                [
                    dmc.Select(id="quote-gpu", label="GPU model", data=gpu_options(), value=q.get("gpu"), searchable=True, w=170),
                    dmc.NumberInput(id="quote-count", label="GPUs", value=number("count"), min=1, max=4096, w=110),
                    dmc.NumberInput(id="quote-hours", label="Hours", value=number("hours"), min=0.01, max=8760, w=110),
                    dmc.NumberInput(id="quote-per_node", label="GPUs per node", value=number("per_node"), min=1, max=64, w=130, placeholder="all"),
                    dmc.NumberInput(id="quote-vram", label="Min VRAM (GB)", value=number("vram"), min=1, max=1024, w=130, placeholder="any"),
                    dmc.MultiSelect(id="quote-region", label="Regions", data=list(MACRO_REGIONS), value=split_list(q.get("region")), w=240, placeholder="anywhere", clearable=True),
                    dmc.NumberInput(id="quote-max_price", label="Max USD/GPU-h", value=number("max_price"), min=0.01, max=1000, decimalScale=2, w=140, placeholder="none"),
                    dmc.NumberInput(id="quote-min_uptime", label="Min uptime (0–1)", value=number("min_uptime"), min=0, max=1, step=0.01, decimalScale=3, w=140, placeholder="none"),
                    dmc.NumberInput(id="quote-lambda", label="Reputation weight λ", value=number("lambda"), min=0, max=10, step=0.1, decimalScale=2, w=150, placeholder="0"),
                    dmc.Switch(id="quote-split", label="Split across providers", checked=q.get("split") in ("true", "1"), mb=8),
                ],
                align="flex-end",
                gap="sm",
            ),
            html.Div(id="quote-error"),
            dcc.Loading(html.Div(id="quote-summary")),
            dmc.Paper(dcc.Graph(id="quote-chart", config={"displaylogo": False}), withBorder=True, p="sm", mt="md"),
            create_grid("quote-grid", [], COLUMNS, height=360, file_name="quote.csv"),
            html.Div(id="quote-rejected", className="quote-rejected"),
        ]
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


INPUTS = [Input(f"quote-{name}", "checked" if name == "split" else "value") for name in FIELDS]


@callback(
    Output("quote-summary", "children"), Output("quote-chart", "figure"), Output({"type": "grid", "grid": "quote-grid"}, "rowData"),
    Output("quote-rejected", "children"), Output("quote-error", "children"),
    *INPUTS,
)
def update(*values: Any) -> tuple[Any, ...]:
    params = {name: (",".join(v) if isinstance(v, list) else v) for name, v in zip(FIELDS, values, strict=True)}
    try:
        request = parse_request(params)
    except QuoteInputError as exc:
        return no_update, no_update, no_update, no_update, dmc.Alert(str(exc), color="red", title="Check the order", id="quote-alert", mt="sm")
    answer = run_quote(db(), request)
    rows = [{**o, "rank": i, "observed_at": str(o["observed_at"])[:10]} for i, o in enumerate(answer["options"], start=1)]
    title = f"{request.count} × {request.gpu} for {request.hours:g} h: total cost per option (USD)"
    chart = option_costs(answer["options"], answer["baseline"], title) if rows else empty_figure(title, "no offer fits this order: see the rejections below")
    return summary(answer), chart, rows, rejected(answer["rejected"]), None


def summary(answer: dict[str, Any]) -> dmc.Paper:
    allocation = answer.get("allocation") or {}
    hyper = (answer["baseline"].get("hyperscaler") or {}).get("total_usd")
    if answer["status"] == "unfilled" or not allocation.get("fills"):
        text = "No offer can fill this order: see the rejections below."
    else:
        fills = " + ".join(f"{f['provider']} ({f['gpus']} GPUs at ${f['usd_per_gpu_hour']:.2f}/GPU-h)" for f in allocation["fills"])
        saving = f"; saves ${hyper - allocation['total_usd']:,.2f} against the cheapest hyperscaler (${hyper:,.2f})" if hyper else ""
        text = f"Best: {fills} = ${allocation['total_usd']:,.2f} in total{saving}."
    return dmc.Paper(dmc.Text(text, fw=500, id="quote-best"), withBorder=True, p="sm", mt="md")


def rejected(counts: dict[str, int]) -> Any:
    if not counts:
        return None
    return dmc.Group([dmc.Text("Rejected offers:", size="sm", c="dimmed")] + [dmc.Badge(f"{reason.replace('_', ' ')}: {n}", variant="light", color="gray") for reason, n in counts.items()], gap="xs", mt="sm", id="quote-rejections")


bind_url(PAGE, INPUTS)
