"""An operator's page: how are my nodes doing, and is my price right? (local network)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, dcc, html, register_page

from computescope.core.catalog.countries import country_name
from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.filters import RANGES, parse_range
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import frame
from computescope.explorer.figures.localnet import ask_vs_market, operator_activity, operator_earnings
from computescope.explorer.theme import color_for
from computescope.localnet.sim.pricing import suggest

register_page(__name__, path_template="/operators/<operator_id>", name="Operator", title="computescope · Operator", nav=False)

PAGE = "operator"
SLA = 0.99
GRAPH = {"displaylogo": False}
PCT = {"function": "params.value == null ? '—' : params.value.toFixed(1) + '%'"}
USD = {"function": "params.value == null ? '—' : '$' + d3.format(',.2f')(params.value)"}
COLUMNS = [
    {"field": "node", "headerName": "Node", "cellRenderer": "markdown", "minWidth": 130},
    {"field": "gpus", "headerName": "GPUs"},
    {"field": "place", "headerName": "Region · country"},
    {"field": "ask_usd", "headerName": "Ask (USD/GPU-h)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "utilization_pct", "headerName": "Leased, 30 d (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "uptime_pct", "headerName": "Up, 30 d (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "sla", "headerName": "SLA 99%"},
    {"field": "earnings_usd", "headerName": "Earned, 30 d (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "reputation_pct", "headerName": "Reputation (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "status", "headerName": "Status"},
]
ACTION_COLOR = {"lower": "orange", "raise": "green", "keep": "blue", "unknown": "gray"}


def _since(range_key: str, newest: datetime) -> datetime:
    days = RANGES.get(range_key)
    return datetime(1970, 1, 1) if days is None else newest - timedelta(days=days)


def _newest() -> datetime:
    """The newest hour the local network has written (not the wall clock: a backfill may end in the past)."""
    row = frame("localnet_headline")
    seen = row["observed_at"][0] if row.height else None
    return (seen.astimezone(UTC) if seen else datetime.now(UTC)).replace(tzinfo=None)


def _unknown(operator_id: str) -> html.Div:
    top = frame("operator_top", {"limit": 12})
    links = [dmc.Anchor(f"{r['name']} ({fmt.count(r['gpus'])} GPUs)", href=f"/operators/{r['operator_id']}", size="sm")
             for r in top.iter_rows(named=True)]
    body: list[Any] = [dmc.Title("No such operator", order=2, mt="md"),
                       dmc.Text(f"No local-network operator is called {operator_id!r}.", mb="sm")]
    body.append(dmc.Stack([dmc.Text("The largest operators:", size="sm", c="dimmed"), *links], gap=2) if links else
                dmc.Text("The local network has not run yet: start `computescope serve`, or run `computescope localnet backfill`.", c="dimmed"))
    return html.Div(body, id="operator-unknown")


def _node_rows(nodes: pl.DataFrame) -> list[dict[str, Any]]:
    return [{
        "node": f"[{r['node_id']}](/nodes/localnet/{r['node_id']})", "gpus": f"{r['gpu_count']} × {r['gpu_model']}",
        "place": f"{r['region']} · {country_name(r['country'])}", "ask_usd": r["ask_usd"],
        "utilization_pct": None if r["utilization"] is None else r["utilization"] * 100,
        "uptime_pct": None if r["uptime"] is None else r["uptime"] * 100,
        "sla": "—" if r["uptime"] is None else ("met" if r["uptime"] >= SLA else "breached"), "earnings_usd": r["earnings_usd"],
        "reputation_pct": None if r["reputation"] is None else r["reputation"] * 100, "status": r["status"] or "—",
    } for r in nodes.iter_rows(named=True)]


def _pricing(pricing: pl.DataFrame) -> list[Any]:
    rows = []
    for r in pricing.iter_rows(named=True):
        s = suggest(r["my_ask"], r["clearing_price"], r["my_utilization"], r["market_utilization"])
        rows.append(dmc.TableTr([
            dmc.TableTd(r["gpu_model"]), dmc.TableTd(fmt.usd_per_gpu_hour(r["my_ask"])), dmc.TableTd(fmt.usd_per_gpu_hour(r["market_ask"])),
            dmc.TableTd(fmt.usd_per_gpu_hour(r["clearing_price"])), dmc.TableTd(f"{fmt.pct(r['my_utilization'])} vs {fmt.pct(r['market_utilization'])}"),
            dmc.TableTd([dmc.Badge(s.action, color=ACTION_COLOR[s.action], variant="light", mr=6),
                         fmt.usd_per_gpu_hour(s.price) if s.action in ("lower", "raise") else "", dmc.Text(s.why, size="xs", c="dimmed")]),
        ]))
    head = dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in ("GPU", "Your ask", "Market median ask", "Clearing price, 7 d",
                                                                  "Your GPUs leased vs market, 7 d", "Suggestion")]))
    return [dmc.Table([head, dmc.TableTbody(rows)], striped=True, withTableBorder=True, id="operator-pricing-table"),
            dcc.Graph(figure=ask_vs_market(pricing, "Your ask against the market (USD per GPU-hour)"), config=GRAPH, id="operator-pricing-graph")]


def layout(operator_id: str | None = None, range: str | None = None, **_query: str) -> html.Div:  # noqa: A002 - the URL's name
    profile = frame("operator_profile", {"operator_id": operator_id or ""})
    if profile.is_empty():
        return _unknown(str(operator_id))
    op = profile.row(0, named=True)
    newest = _newest()
    nodes = frame("operator_nodes", {"operator_id": op["operator_id"], "since_day": (newest - timedelta(days=30)).date()})
    pricing = frame("operator_pricing", {"operator_id": op["operator_id"], "since": newest - timedelta(days=7)})
    meets = nodes.filter(pl.col("uptime") >= SLA).height
    reputation = nodes["reputation"].mean() if nodes.height else None
    gpu_hours = (nodes["gpu_count"] * 30 * 24).sum() if nodes.height else 0
    util = (nodes["utilization"].fill_null(0) * nodes["gpu_count"]).sum() * 30 * 24 / gpu_hours if gpu_hours else None
    seen = provenance("localnet", None, newest.replace(tzinfo=UTC))
    policy = "an individual" if op["kind"] == "individual" else f"a data centre, {op['ask_policy']} pricing"
    stats = [
        create_stat("Nodes", fmt.count(op["nodes"]), None, op["models"], stat_id="operator-nodes"),
        create_stat("GPUs", fmt.count(op["gpus"]), None, f"since {fmt.exact_time(op['first_joined'])}"),
        create_stat("GPUs leased, 30 d", fmt.pct(util), None, "share of GPU-hours leased and served", stat_id="operator-util"),
        create_stat("Earned, 30 d", fmt.usd(nodes["earnings_usd"].sum() if nodes.height else None), None, "USD paid by tenants",
                    stat_id="operator-earned"),
        create_stat(f"SLA {SLA:.0%} (30 d)", f"{meets} of {nodes.height} met", None, "hours up ÷ hours registered", stat_id="operator-sla"),
        create_stat("Reputation", fmt.pct(reputation), None, "mean over its nodes: pass rate × 30-day uptime"),
    ]
    return html.Div([
        url_keys_store(PAGE, ["range"]),
        dcc.Store(id="operator-id", data=op["operator_id"]),
        html.Div(className="page-accent", style={"background": color_for("localnet")}),
        dmc.Group([dmc.Group([dmc.Title(op["name"], order=2, id="operator-title"), dmc.Badge(op["kind"], variant="light"),
                              dmc.Badge("local network", variant="outline")]), create_copy_link(PAGE)], justify="space-between", mt="md"),
        dmc.Text([f"{policy} · home {op['region']} · {country_name(op['country'])} · ", seen], size="sm", c="dimmed", mb="sm"),
        dmc.SimpleGrid(stats, cols={"base": 2, "sm": 3, "lg": 6}, id="operator-stats"),
        dmc.Paper([dmc.Title("Is my price right?", order=4, mb="xs"), *_pricing(pricing),
                   dmc.Text("Leases clear at one price per model and region each hour; an ask above it sells only when demand overflows. "
                            "The suggestion is that clearing price when your utilization is well below or above the market's.",
                            size="xs", c="dimmed", mt=4)], withBorder=True, radius="md", p="md", mt="md"),
        dmc.Group([dmc.Title("Over time", order=4), dmc.SegmentedControl(id="operator-range", value=parse_range(range, "1M"), data=list(RANGES),
                                                                         **{"aria-label": "time range"})], justify="space-between", mt="lg"),
        dcc.Loading(dmc.SimpleGrid([dmc.Paper(dcc.Graph(id="operator-activity", config=GRAPH), withBorder=True, p="sm"),
                                    dmc.Paper(dcc.Graph(id="operator-earnings", config=GRAPH), withBorder=True, p="sm")],
                                   cols={"base": 1, "lg": 2}, mt="xs")),
        dmc.Title("Nodes", order=4, mt="lg", mb="xs"),
        create_grid("operator-nodes-grid", _node_rows(nodes), COLUMNS, height=min(520, 90 + 42 * max(nodes.height, 3)),
                    file_name=f"{op['operator_id']}-nodes.csv"),
        dmc.Text(["Source: the local network, run by this explorer's matching, verification and token core · ", seen], size="xs", c="dimmed", mt=4),
    ])


@callback(Output("operator-activity", "figure"), Output("operator-earnings", "figure"),
          Input("operator-range", "value"), State("operator-id", "data"))
def over_time(range_key: str, operator_id: str) -> tuple[Any, Any]:
    newest = _newest()
    if range_key == "7D":
        data = frame("operator_hours", {"operator_id": operator_id, "since": newest - timedelta(days=7)})
        return (operator_activity(data, "hour", "GPUs leased and nodes up per hour, last 7 days (%)"),
                operator_earnings(data, "hour", "Earnings per hour, last 7 days (USD)"))
    data = frame("operator_days", {"operator_id": operator_id, "since_day": _since(range_key, newest).date()})
    label = "all time" if range_key == "ALL" else f"last {RANGES[range_key]} days"
    return (operator_activity(data, "day", f"GPUs leased and nodes up per day, {label} (%)"),
            operator_earnings(data, "day", f"Earnings per day (USD) and LOCAL minted (tokens), {label}"))


bind_url(PAGE, [Input("operator-range", "value")])
