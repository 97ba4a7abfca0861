"""An operator's page: how are my nodes doing, and is my price right? (local network)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, dcc, html, register_page

from computescope.alerts.store import history as alert_history
from computescope.core.catalog.countries import country_name
from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.components.filters import RANGES, parse_range
from computescope.explorer.components.grid import create_grid
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import db, frame
from computescope.explorer.figures.history import operator_price_vs_market
from computescope.explorer.figures.localnet import ask_vs_market, operator_activity, operator_earnings
from computescope.explorer.history import operator_history
from computescope.explorer.theme import color_for
from computescope.localnet.sim.pricing import suggest
from computescope.verify.reads import NodeQuery, list_nodes, status_reason

register_page(__name__, path_template="/operators/<operator_id>", name="Operator", title="computescope · Operator", nav=False)

PAGE = "operator"
SLA = 0.99
GRAPH = {"displaylogo": False}
PCT = {"function": "params.value == null ? '—' : params.value.toFixed(1) + '%'"}
USD = {"function": "params.value == null ? '—' : '$' + d3.format(',.2f')(params.value)"}
COLUMNS = [
    {"field": "node", "headerName": "Node", "cellRenderer": "markdown", "minWidth": 130},
    {"field": "gpus", "headerName": "GPUs (claimed)"},
    {"field": "attested", "headerName": "GPU (attested)", "tooltipField": "attestation"},
    {"field": "place", "headerName": "Region · country"},
    {"field": "ask_usd", "headerName": "Ask (USD/GPU-h)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "utilization_pct", "headerName": "Leased, 30 d (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "uptime_pct", "headerName": "Up, 30 d (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "sla", "headerName": "SLA 99% (30 d)", "tooltipField": "why"},
    {"field": "earnings_usd", "headerName": "Earned, 30 d (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "reputation_pct", "headerName": "Reputation (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "status", "headerName": "Status", "tooltipField": "why"},
]
HISTORY_COLUMNS = [
    {"field": "day", "headerName": "Day (UTC)", "minWidth": 120},
    {"field": "earnings_usd", "headerName": "Earned (USD)", "type": "numericColumn", "valueFormatter": USD},
    {"field": "utilization_pct", "headerName": "GPUs leased (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "availability_pct", "headerName": "Nodes up (%)", "type": "numericColumn", "valueFormatter": PCT},
    {"field": "usd_per_gpu_hour", "headerName": "Earned per GPU-h (USD)", "type": "numericColumn", "valueFormatter": USD, "minWidth": 170},
    {"field": "market_usd_per_gpu_hour", "headerName": "Market per GPU-h (USD)", "type": "numericColumn", "valueFormatter": USD, "minWidth": 170},
    {"field": "nodes", "headerName": "Nodes", "type": "numericColumn"},
    {"field": "kind", "headerName": "Kind"},
]
ALERT_COLUMNS = [
    {"field": "created_at", "headerName": "When (UTC)", "minWidth": 170},
    {"field": "kind", "headerName": "Alert"}, {"field": "rule", "headerName": "Rule"},
    {"field": "node_id", "headerName": "Node"}, {"field": "channel", "headerName": "Channel"},
    {"field": "status", "headerName": "Delivery"}, {"field": "attempts", "headerName": "Attempts", "type": "numericColumn"},
    {"field": "error", "headerName": "Error", "tooltipField": "error"},
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


def _attested(v: dict[str, Any]) -> str:
    if v.get("gpu_verdict") == "reject":
        return f"rejected · fits {v['attested_gpu']}" if v.get("attested_gpu") else "rejected · fits no GPU"
    return v.get("attested_gpu") or v.get("gpu_verdict") or "—"


def _sla(v: dict[str, Any]) -> str:
    """The SLA word from the node's verification records: met only for a node that also passes its proofs, else both said."""
    breach = v.get("sla_breach")
    if breach is None:
        return "—"
    if breach:
        return "breached"
    return "met" if v.get("status") in ("verified", "registered") else f"met (uptime) · {_status(v)}"


def _failed(v: dict[str, Any]) -> bool:
    """A failed proof stands against the node (its last challenge, or a rejected hardware claim), whether or not it is up now."""
    return v.get("status") != "suspended" and (v.get("last_verdict") == "fail" or "reject" in (v.get("gpu_verdict"), v.get("cpu_verdict")))


def _status(v: dict[str, Any]) -> str:
    word = v.get("status") or "—"
    return f"{word} · failing" if word == "offline" and _failed(v) else word


def _node_rows(nodes: pl.DataFrame, verified: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in nodes.iter_rows(named=True):
        v = verified.get(r["node_id"], {})
        rows.append({
            "node": f"[{r['node_id']}](/nodes/localnet/{r['node_id']})", "gpus": f"{r['gpu_count']} × {r['gpu_model']}",
            "attested": _attested(v), "attestation": f"GPU attestation: {v.get('gpu_verdict') or '—'}",
            "place": f"{r['region']} · {country_name(r['country'])}", "ask_usd": r["ask_usd"],
            "utilization_pct": None if r["utilization"] is None else r["utilization"] * 100,
            "uptime_pct": None if v.get("availability_30d") is None else v["availability_30d"] * 100,
            "sla": _sla(v), "why": v.get("why", ""), "earnings_usd": r["earnings_usd"],
            "reputation_pct": None if v.get("reputation") is None else v["reputation"] * 100, "status": _status(v),
        })
    return rows


def _verification(operator_id: str) -> dict[str, dict[str, Any]]:
    """Each of the operator's nodes as the verification records have it: status and why, attested GPU, 30-day availability."""
    frame, _ = list_nodes(db(), NodeQuery(network="localnet", operator=operator_id), limit=None)
    out = {}
    for r in frame.iter_rows(named=True):
        why = status_reason(r)
        if r["status"] == "offline" and _failed(r):
            why += f"; and failing: {status_reason({**r, 'status': 'failing'})}"
        out[r["node_id"]] = {**r, "why": why}
    return out


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


def _alerts(operator_id: str) -> html.Div:
    """The deliveries of alerts on the operator's nodes, newest first; how to subscribe when none was ever sent."""
    sent = alert_history(db(), operator=operator_id)
    head = dmc.Title("Alerts sent", order=4, mt="lg", mb="xs")
    if sent.is_empty():
        return html.Div([head, dmc.Text(
            ["No alert has been sent for this operator's nodes. Nothing is sent unless you ask: subscribe with a request signed by "
             "your operator key (or a node's key) to ", html.Code("POST /api/v1/alerts/subscriptions"), " — rules offline, "
             "challenge_failed, availability_below, ask_off_market, slashed; by webhook or email. Deliveries then appear here and at ",
             dmc.Anchor(f"/api/v1/alerts/deliveries?operator={operator_id}", href=f"/api/v1/alerts/deliveries?operator={operator_id}",
                        size="sm"), "."], size="sm", c="dimmed", id="operator-alerts-empty")], id="operator-alerts")
    rows = [{**r, "created_at": fmt.exact_time(r["created_at"]), "error": r["error"] or ""} for r in sent.iter_rows(named=True)]
    return html.Div([head, create_grid("operator-alerts-grid", rows, ALERT_COLUMNS, height=min(420, 90 + 42 * len(rows)),
                                       file_name=f"{operator_id}-alerts.csv"),
                     dmc.Text(f"Source: this explorer's alert log · newest {fmt.age(sent['created_at'].max())}", size="xs", c="dimmed")],
                    id="operator-alerts")


def layout(operator_id: str | None = None, range: str | None = None, **_query: str) -> html.Div:  # noqa: A002 - the URL's name
    profile = frame("operator_profile", {"operator_id": operator_id or ""})
    if profile.is_empty():
        return _unknown(str(operator_id))
    op = profile.row(0, named=True)
    newest = _newest()
    got = db().together({
        "nodes": lambda: frame("operator_nodes", {"operator_id": op["operator_id"], "since_day": (newest - timedelta(days=30)).date()}),
        "pricing": lambda: frame("operator_pricing", {"operator_id": op["operator_id"], "since": newest - timedelta(days=7)}),
        "verified": lambda: _verification(op["operator_id"]),
    })
    nodes, pricing, verified = got["nodes"], got["pricing"], got["verified"]
    states = [v["status"] for v in verified.values()]
    failing, suspended = sum(1 for v in verified.values() if _failed(v)), states.count("suspended")
    offline = states.count("offline")
    meets = sum(1 for v in verified.values() if v["sla_breach"] is False and v["status"] in ("verified", "registered"))
    rated = sum(1 for v in verified.values() if v["sla_breach"] is not None)
    reputations = [v["reputation"] for v in verified.values() if v["reputation"] is not None]
    reputation = sum(reputations) / len(reputations) if reputations else None
    gpu_hours = (nodes["gpu_count"] * 30 * 24).sum() if nodes.height else 0
    util = (nodes["utilization"].fill_null(0) * nodes["gpu_count"]).sum() * 30 * 24 / gpu_hours if gpu_hours else None
    seen = provenance("localnet", None, newest.replace(tzinfo=UTC))
    policy = "an individual" if op["kind"] == "individual" else f"a data centre, {op['ask_policy']} pricing"
    stats = [
        create_stat("Nodes", fmt.count(op["nodes"]), None, op["models"], stat_id="operator-nodes"),
        create_stat("Failing · suspended", f"{failing} · {suspended}", None,
                    f"{offline} offline now; failing: a failed challenge or a rejected hardware claim", stat_id="operator-failing"),
        create_stat("GPUs", fmt.count(op["gpus"]), None, f"claimed, since {fmt.exact_time(op['first_joined'])}"),
        create_stat("GPUs leased, 30 d", fmt.pct(util), None, "share of GPU-hours leased and served", stat_id="operator-util"),
        create_stat("Earned, 30 d", fmt.usd(nodes["earnings_usd"].sum() if nodes.height else None), None, "USD paid by tenants",
                    stat_id="operator-earned"),
        create_stat(f"SLA {SLA:.0%} (30 d)", f"{meets} of {rated} met", None,
                    "availability over the last 30 days from heartbeats, and passing its proofs (a failing or suspended node does not meet it)",
                    stat_id="operator-sla"),
        create_stat("Reputation", fmt.pct(reputation), None, "mean over its nodes: pass rate × 30-day uptime", stat_id="operator-reputation"),
    ]
    return html.Div([
        url_keys_store(PAGE, ["range"]),
        dcc.Store(id="operator-id", data=op["operator_id"]),
        html.Div(className="page-accent", style={"background": color_for("localnet")}),
        dmc.Group([dmc.Group([dmc.Title(op["name"], order=2, id="operator-title"), dmc.Badge(op["kind"], variant="light"),
                              dmc.Badge("local network", variant="outline")]), create_copy_link(PAGE)], justify="space-between", mt="md"),
        dmc.Text([f"{policy} · home {op['region']} · {country_name(op['country'])} · ", seen], size="sm", c="dimmed", mb="sm"),
        dmc.SimpleGrid(stats, cols={"base": 2, "sm": 4, "lg": 7}, id="operator-stats"),
        dmc.Paper([dmc.Title("Is my price right?", order=4, mb="xs"), *_pricing(pricing),
                   dmc.Text("Leases clear at one price per model and region each hour; an ask above it sells only when demand overflows. "
                            "The suggestion is that clearing price when your utilization is well below or above the market's.",
                            size="xs", c="dimmed", mt=4)], withBorder=True, radius="md", p="md", mt="md"),
        dmc.Group([dmc.Title("Over time", order=4), dmc.SegmentedControl(id="operator-range", value=parse_range(range, "1M"), data=list(RANGES),
                                                                         **{"aria-label": "time range"})], justify="space-between", mt="lg"),
        dcc.Loading(dmc.SimpleGrid([dmc.Paper(dcc.Graph(id="operator-activity", config=GRAPH), withBorder=True, p="sm"),
                                    dmc.Paper(dcc.Graph(id="operator-earnings", config=GRAPH), withBorder=True, p="sm")],
                                   cols={"base": 1, "lg": 2}, mt="xs")),
        dmc.Title("History per day", order=4, mt="lg", mb="xs"),
        dcc.Loading(dmc.Paper(dcc.Graph(id="operator-price-history", config=GRAPH), withBorder=True, p="sm", mb="xs")),
        create_grid("operator-history-grid", [], HISTORY_COLUMNS, height=380, file_name=f"{op['operator_id']}-history.csv"),
        dmc.Text(["Simulated: the local network's daily rollups · ", seen, " · every day of the range at ",
                  dmc.Anchor("the API", id="operator-history-api", href=f"/api/v1/operators/{op['operator_id']}/history?range=1M", size="xs")],
                 size="xs", c="dimmed", mt=4),
        dmc.Title("Nodes", order=4, mt="lg", mb="xs"),
        create_grid("operator-nodes-grid", _node_rows(nodes, verified), COLUMNS, height=min(520, 90 + 42 * max(nodes.height, 3)),
                    file_name=f"{op['operator_id']}-nodes.csv"),
        dmc.Text(["Source: the local network, run by this explorer's matching, verification and token core · ", seen], size="xs", c="dimmed", mt=4),
        _alerts(op["operator_id"]),
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
            operator_earnings(data, "day", f"Earned per day (USD), LOCAL minted, {label}"))


@callback(Output("operator-price-history", "figure"), Output({"type": "grid", "grid": "operator-history-grid"}, "rowData"), Output("operator-history-api", "href"),
          Input("operator-range", "value"), State("operator-id", "data"))
def history(range_key: str, operator_id: str) -> tuple[Any, list[dict[str, Any]], str]:
    """The operator's days from the rollups: price earned against the market's, and every figure per day in the grid."""
    days = operator_history(operator_id, parse_range(range_key, "1M"))
    label = "all time" if range_key == "ALL" else f"last {RANGES[range_key]} days"
    rows = [{"day": r["day"].isoformat(), "earnings_usd": r["earnings_usd"], "nodes": r["nodes"], "kind": r["kind"],
             "utilization_pct": None if r["utilization"] is None else r["utilization"] * 100,
             "availability_pct": None if r["availability"] is None else r["availability"] * 100,
             "usd_per_gpu_hour": r["usd_per_gpu_hour"], "market_usd_per_gpu_hour": r["market_usd_per_gpu_hour"]}
            for r in days.iter_rows(named=True)]
    figure = operator_price_vs_market(days, f"Price earned per leased GPU-hour against the market, per day, {label} (USD)", color_for("localnet"))
    return figure, rows, f"/api/v1/operators/{operator_id}/history?range={range_key}&limit=1000"


bind_url(PAGE, [Input("operator-range", "value")])
