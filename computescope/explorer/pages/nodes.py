"""Nodes: which nodes report to this explorer, are they up, and is their hardware what they claim?"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import dash_ag_grid as dag
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, dcc, html, no_update, register_page

from computescope.explorer.components.controls import bind_url, create_copy_link, url_keys_store
from computescope.explorer.data import db
from computescope.verify.reads import STATUSES, list_nodes

register_page(__name__, path="/nodes", name="Nodes", title="computescope · Nodes", order=4, nav=True)

PAGE = "nodes"
PCT = {"function": "params.value == null ? '—' : params.value.toFixed(1) + '%'"}
TEXT = {"filter": "agTextColumnFilter", "filterParams": {"filterOptions": ["contains", "equals", "startsWith"], "maxNumConditions": 1}}
NUMBER = {"filter": "agNumberColumnFilter", "type": "numericColumn",
          "filterParams": {"filterOptions": ["greaterThanOrEqual", "lessThan", "inRange"], "maxNumConditions": 1}}
COLUMNS = [
    {"field": "network", "headerName": "Network", **TEXT, "maxWidth": 130},
    {"field": "node", "headerName": "Node", "cellRenderer": "markdown", "minWidth": 170, **TEXT},
    {"field": "operator", "headerName": "Operator", "cellRenderer": "markdown", **TEXT},
    {"field": "claimed_gpu", "headerName": "GPU (claimed)", **TEXT},
    {"field": "attested_gpu", "headerName": "GPU (attested)", "tooltipField": "attestation", **TEXT},
    {"field": "availability_7d_pct", "headerName": "Availability 7 d (%)", "valueFormatter": PCT, **NUMBER},
    {"field": "sla", "headerName": "SLA 99% (30 d)", "filter": False},
    {"field": "reputation_pct", "headerName": "Reputation (%)", "valueFormatter": PCT, **NUMBER},
    {"field": "status", "headerName": "Status", **TEXT, "maxWidth": 130},
    {"field": "search", "hide": True, "filter": "agTextColumnFilter"},
]


def _operator(row: dict[str, Any]) -> str:
    """A link to the operator's page where there is one (the local network's operators), else the name the node gave."""
    name = row["operator"]
    if not name:
        return "—"
    return f"[{name}](/operators/{quote(name)})" if row["network"] == "localnet" else name


def _gpu_claim(row: dict[str, Any]) -> str:
    if not row["gpu_count"]:
        return "none"
    return f"{row['claimed_gpu'] or row['claimed_gpu_raw']} ×{row['gpu_count']}"


def _gpu_attested(row: dict[str, Any]) -> str:
    verdict = row["gpu_verdict"]
    if verdict is None:
        return "—"
    if verdict == "reject":
        return f"rejected · fits {row['attested_gpu']}" if row["attested_gpu"] else "rejected · fits no GPU"
    return row["attested_gpu"] or verdict


def grid_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows for the grid: a link per node, percentages 0–100, words for the SLA."""
    out = []
    for r in frame.iter_rows(named=True):
        a7, rep = r["availability_7d"], r["reputation"]
        out.append({
            "network": r["network"],
            "node": f"[{r['node_id']}](/nodes/{r['network']}/{r['node_id']})",
            "operator": _operator(r),
            "claimed_gpu": _gpu_claim(r),
            "attested_gpu": _gpu_attested(r),
            "attestation": f"GPU: {r['gpu_verdict'] or 'no GPU claimed'} · CPU: {r['cpu_verdict'] or '—'}",
            "availability_7d_pct": None if a7 is None else a7 * 100,
            "sla": "—" if r["sla_breach"] is None else ("breached" if r["sla_breach"] else "met"),
            "reputation_pct": None if rep is None else rep * 100,
            "status": r["status"],
        })
    return out


def _initial_filter(q: str | None, network: str | None, status: str | None = None) -> dict[str, Any]:
    model: dict[str, Any] = {}
    if status in STATUSES:
        model["status"] = {"filterType": "text", "type": "equals", "filter": status}
    if q:
        model["search"] = {"filterType": "text", "type": "contains", "filter": q}
    if network:
        model["network"] = {"filterType": "text", "type": "equals", "filter": network}
    return model


def _download(fmt: str, q: str | None, status: str | None, network: str | None) -> str:
    args = {"format": fmt, **({"q": q} if q else {}), **({"status": status} if status in STATUSES else {}), **({"network": network} if network else {})}
    return "/api/v1/nodes?" + urlencode(args)


def layout(q: str | None = None, network: str | None = None, status: str | None = None, **_query: str) -> html.Div:
    status = status if status in STATUSES else "all"
    return html.Div(
        [
            url_keys_store(PAGE, ["q", "status"]),
            dcc.Store(id="nodes-network", data=network),
            dmc.Group([dmc.Title("Nodes registered with this explorer, by verification status", order=2, id="nodes-title"),
                       create_copy_link(PAGE)], justify="space-between", mt="md"),
            dmc.Text(
                "Every node here registered a key with proof of possession and sends signed heartbeats; the local network's nodes "
                "are simulated by this explorer. Verified: its last challenge passed and its hardware was not rejected; registered: "
                "no challenge settled yet; failing: a failed challenge or a rejected hardware claim; suspended: after repeated failed "
                "proofs; offline: no heartbeat within the grace. Availability counts 60 s slots with a 2-slot grace; the SLA is 99% "
                "over 30 days. Open a node for its timeline, proofs, hardware and stake.",
                c="dimmed", mb="sm",
            ),
            dmc.Group(
                [
                    dmc.TextInput(id="nodes-search", label="Search node or operator", value=q or "", debounce=300, w=320,
                                  placeholder="node id or operator name"),
                    dmc.SegmentedControl(id="nodes-status", value=status, data=["all", *STATUSES], **{"aria-label": "status"}),
                    dmc.Text(id="nodes-count", size="sm", c="dimmed"),
                    dmc.Anchor("Download CSV", id="nodes-csv", href=_download("csv", q, status, network), size="sm"),
                    dmc.Anchor("Parquet", id="nodes-parquet", href=_download("parquet", q, status, network), size="sm"),
                ],
                align="flex-end", gap="lg", mb="xs",
            ),
            dag.AgGrid(
                id="nodes-grid",
                rowModelType="infinite",
                columnDefs=COLUMNS,
                filterModel=_initial_filter(q, network, status),
                defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True, "autoHeaderHeight": True, "minWidth": 110},
                dashGridOptions={"cacheBlockSize": 100, "maxBlocksInCache": 20, "rowBuffer": 0, "infiniteInitialRowCount": 1,
                                 "tooltipShowDelay": 200, "animateRows": False},
                columnSize="responsiveSizeToFit",
                style={"height": "520px", "width": "100%"},
                className="ag-theme-quartz",
            ),
            dmc.Text("Source: signed reports from the node agents, verified by this explorer's core; the grid sorts, filters and pages "
                     "on the server.", size="xs", c="dimmed", mt=4),
        ]
    )


@callback(Output("nodes-grid", "getRowsResponse"), Output("nodes-count", "children"), Input("nodes-grid", "getRowsRequest"))
def rows(request: dict[str, Any] | None) -> tuple[Any, Any]:
    if not request:
        return no_update, no_update
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, int(request.get("endRow") or start + 100))
    sort = [(str(s.get("colId")), str(s.get("sort"))) for s in request.get("sortModel") or [] if isinstance(s, dict)]
    frame, total = list_nodes(db(), sort=sort, filter_model=request.get("filterModel") or {}, limit=end - start, offset=start)
    return {"rowData": grid_rows(frame), "rowCount": total}, f"{total:,} node matches" if total == 1 else f"{total:,} nodes match"


@callback(Output("nodes-grid", "filterModel"), Input("nodes-search", "value"), Input("nodes-status", "value"),
          State("nodes-grid", "filterModel"), prevent_initial_call=True)
def search(value: str | None, status: str | None, model: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(model or {})
    if value:
        out["search"] = {"filterType": "text", "type": "contains", "filter": value}
    else:
        out.pop("search", None)
    if status in STATUSES:
        out["status"] = {"filterType": "text", "type": "equals", "filter": status}
    else:
        out.pop("status", None)
    return out


@callback(Output("nodes-csv", "href"), Output("nodes-parquet", "href"), Input("nodes-search", "value"), Input("nodes-status", "value"),
          State("nodes-network", "data"))
def downloads(q: str | None, status: str | None, network: str | None) -> tuple[str, str]:
    """The downloads carry the view's filters and return every matching row."""
    return _download("csv", q, status, network), _download("parquet", q, status, network)


bind_url(PAGE, [Input("nodes-search", "value"), Input("nodes-status", "value")])
