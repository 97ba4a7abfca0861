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
from computescope.quoting.answer import QuoteAnswer, run_quote
from computescope.quoting.request import FIELDS, Field, QuoteInputError, parse_request

register_page(__name__, path="/quote", name="Quote", title="computescope · Quote", order=4, nav=True)

PAGE = "quote"
NAMES = [f.name for f in FIELDS]
EXAMPLE = {"gpu": "H100", "count": "8", "hours": "72"}  # the question the page opens on
USD = {"function": "params.value == null ? '—' : d3.format('$,.2f')(params.value)"}
COLUMNS = [  # what decides comes first; the provider stays in view while the rest scrolls
    {"field": "rank", "headerName": "#", "maxWidth": 70, "minWidth": 60, "pinned": "left"},
    {"field": "provider_name", "headerName": "Provider", "pinned": "left"},
    {"field": "offer", "headerName": "Offer", "tooltipField": "offer_id"},
    {"field": "usd_per_gpu_hour", "headerName": "USD/GPU-h", "type": "numericColumn", "valueFormatter": USD},
    {"field": "total_usd", "headerName": "Total (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "saving_vs_hyperscaler_usd", "headerName": "Saves vs cheapest hyperscaler (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "availability", "headerName": "Availability"},
    {"field": "region", "headerName": "Region"},
    {"field": "provider_kind", "headerName": "Kind"},
    {"field": "kind", "headerName": "Figure"},
    {"field": "gpu_model", "headerName": "Model", "cellRenderer": "markdown"},
    {"field": "hourly_usd", "headerName": "USD/hour", "type": "numericColumn", "valueFormatter": USD},
    {"field": "saving_vs_cloud_usd", "headerName": "Saves vs cheapest cloud (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "billed_gpus", "headerName": "GPUs billed", "type": "numericColumn"},
    {"field": "reputation", "headerName": "Reputation R", "type": "numericColumn"},
    {"field": "source", "headerName": "Source"},
    {"field": "observed_at", "headerName": "Observed"},
]
REJECTED_COLUMNS = [
    {"field": "provider_name", "headerName": "Provider"},
    {"field": "gpu_model", "headerName": "Model"},
    {"field": "offer", "headerName": "Offer", "tooltipField": "offer_id"},
    {"field": "region", "headerName": "Region"},
    {"field": "text", "headerName": "Why not", "wrapText": True, "minWidth": 320},
    {"field": "kind", "headerName": "Figure"},
]


def gpu_options() -> list[str]:
    return sorted(set(frame("price_models")["gpu_model"].to_list()) | {"H100"})


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def control(field: Field, value: str | None) -> Any:
    """The form control for one quote field, from its one definition."""
    ident = f"quote-{field.name}"
    if field.kind == "model":
        return dmc.Select(id=ident, label=field.label, data=gpu_options(), value=value, searchable=True, w=170)
    if field.kind == "flag":
        return dmc.Switch(id=ident, label=field.label, checked=value in ("true", "1"), mb=8)
    if field.kind == "regions":
        return dmc.MultiSelect(id=ident, label=field.label, data=list(MACRO_REGIONS), value=split_list(value), w=240,
                               placeholder=field.placeholder, clearable=True)
    extra = {k: v for k, v in (("decimalScale", field.decimals), ("step", field.step), ("placeholder", field.placeholder)) if v is not None}
    return dmc.NumberInput(id=ident, label=field.label, value=_number(value), min=field.lo, max=field.hi, w=140, **extra)


def layout(**query: str) -> html.Div:
    q = {**EXAMPLE, **{k: v for k, v in query.items() if k in NAMES}}
    return html.Div(
        [
            url_keys_store(PAGE, NAMES),
            dmc.Group([dmc.Title("Get a quote across every network and cloud", order=2), create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text("Where should I run my GPUs? One order matched against every priced network and cloud offer: eligibility, "
                     "per-node packing, ranking by price (weighted by reputation with λ > 0), and the cloud baseline. Network offers "
                     "whose free capacity is not published rank as indicative (availability unknown); the chosen fill uses offers "
                     "with known capacity.", c="dimmed", mb="sm"),
            dmc.Group([control(f, q.get(f.name)) for f in FIELDS], align="flex-end", gap="sm"),
            html.Div(id="quote-error"),
            dcc.Loading(html.Div(id="quote-summary")),
            dmc.Paper(dcc.Graph(id="quote-chart", config={"displaylogo": False}), withBorder=True, p="sm", mt="md"),
            create_grid("quote-grid", [], COLUMNS, height=360, file_name="quote.csv"),
            html.Div(id="quote-rejected", className="quote-rejected"),
            create_grid("quote-rejected-grid", [], REJECTED_COLUMNS, height=300, file_name="quote-rejected.csv"),
        ]
    )


INPUTS = [Input(f"quote-{f.name}", "checked" if f.kind == "flag" else "value") for f in FIELDS]


def model_link(model: str) -> str:
    return f"[{model}](/gpus/{model.replace(' ', '%20')})"


@callback(
    Output("quote-summary", "children"), Output("quote-chart", "figure"), Output({"type": "grid", "grid": "quote-grid"}, "rowData"),
    Output("quote-rejected", "children"), Output({"type": "grid", "grid": "quote-rejected-grid"}, "rowData"), Output("quote-error", "children"),
    *INPUTS,
)
def update(*values: Any) -> tuple[Any, ...]:
    try:
        request = parse_request(dict(zip(NAMES, values, strict=True)))
    except QuoteInputError as exc:
        alert = dmc.Alert(str(exc), color="red", title="Check the order", id="quote-alert", mt="sm")
        return no_update, no_update, no_update, no_update, no_update, alert
    answer = run_quote(db(), request)
    rows = [{**o.to_dict(), "rank": i, "gpu_model": model_link(o.option.gpu_model), "observed_at": o.option.observed_at.date().isoformat()
             if o.option.observed_at else None} for i, o in enumerate(answer.options, start=1)]
    title = f"{request.count} × {request.gpu} for {request.hours:g} h: total cost per option (USD)"
    chart = option_costs(answer, title) if rows else empty_figure(title, "no offer fits this order: see the rejections below")
    return summary(answer), chart, rows, rejected(answer), [r.to_dict() for r in answer.rejected], None


def summary(answer: QuoteAnswer) -> dmc.Paper:
    lines: list[Any] = []
    allocation, hyper = answer.allocation, answer.hyperscaler
    if allocation is None or not allocation.fills:
        lines.append(dmc.Text("No offer with known capacity can fill this order: see the options and rejections below.", fw=500, id="quote-best"))
    else:
        fills = " + ".join(f"{answer.name(f.provider)} ({f.gpus} GPUs at ${f.usd_per_gpu_hour:.2f}/GPU-h)" for f in allocation.fills)
        saving = f"; saves ${hyper.total_usd - allocation.total_usd:,.2f} against the cheapest hyperscaler (${hyper.total_usd:,.2f})" if hyper else ""
        lines.append(dmc.Text(f"Best: {fills} = ${allocation.total_usd:,.2f} in total{saving}.", fw=500, id="quote-best"))
    indicative = answer.indicative_best
    if indicative is not None:
        o = indicative.option
        lines.append(dmc.Text(f"Indicative: {indicative.facts.provider_name} at ${o.usd_per_gpu_hour:.2f}/GPU-h = ${o.total_usd:,.2f} "
                              f"({indicative.facts.kind} price, {indicative.facts.availability}).", size="sm", id="quote-indicative"))
    return dmc.Paper(lines, withBorder=True, p="sm", mt="md")


def rejected(answer: QuoteAnswer) -> Any:
    counts = answer.rejected_counts()
    if not counts:
        return None
    head = f"Rejected offers of {answer.request.gpu}: {len(answer.rejected)}" + (f" (and {answer.other_models} offers of other models)" if answer.other_models else "")
    badges = [dmc.Badge(f"{reason.replace('_', ' ')}: {n}", variant="light", color="gray") for reason, n in counts.items()]
    return dmc.Group([dmc.Text(head, size="sm", c="dimmed"), *badges], gap="xs", mt="sm", id="quote-rejections")


bind_url(PAGE, INPUTS)
