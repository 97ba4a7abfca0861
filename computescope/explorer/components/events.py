"""The local network's newest events for the Overview: leases, clears, cheaters caught, suspensions, joins; refreshed while open."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, dcc, html

from computescope.explorer import fmt
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import frame
from computescope.explorer.theme import color_for

LIMIT = 12
REFRESH_MS = 20_000
KIND_COLOR = {"lease": "blue", "clear": "cyan", "caught": "red", "suspended": "orange", "joined": "green"}


def _row(event: dict[str, Any]) -> html.Div:
    links: list[Any] = []
    if event["node_id"]:
        links.append(dmc.Anchor(event["node_id"], href=f"/nodes/localnet/{event['node_id']}", size="xs"))
    if event["operator_id"]:
        links.append(dmc.Anchor(f"operator {event['operator_id']}", href=f"/operators/{event['operator_id']}", size="xs"))
    return html.Div(
        dmc.Group([
            dmc.Badge(event["kind"], color=KIND_COLOR.get(event["kind"], "gray"), variant="light", w=92),
            dmc.Text(event["detail"], size="sm", style={"flex": 1}),
            dmc.Group(links, gap=6),
            dmc.Text(html.Span(fmt.age(event["happened_at"]), title=fmt.exact_time(event["happened_at"])), size="xs", c="dimmed", w=70, ta="right"),
        ], gap="sm", wrap="nowrap"),
        className="localnet-event",
    )


def events_body() -> list[Any]:
    """The headline line and the newest events, or why there are none."""
    head = frame("localnet_headline")
    events = frame("localnet_events_newest", {"limit": LIMIT})
    row = head.row(0, named=True) if head.height else {}
    if not row.get("nodes") or events.is_empty():
        return [dmc.Text("The local network has not run yet: `computescope serve` starts it (unless --no-localnet), "
                         "and `computescope localnet backfill` writes its history.", c="dimmed", size="sm", id="localnet-events-empty")]
    summary = (f"{fmt.count(row['nodes'])} nodes of {fmt.count(row['operators'])} operators · {fmt.pct(row['utilization'])} of "
               f"{fmt.count(row['capacity'])} GPUs leased · LOCAL {('$' + format(row['price_usd'], ',.3f')) if row['price_usd'] else fmt.DASH}")
    return [
        dmc.Group([dmc.Text(summary, size="sm", fw=500, id="localnet-events-summary"),
                   dmc.Text(provenance("localnet", None, row.get("observed_at")), size="xs", c="dimmed")], justify="space-between"),
        dmc.Stack([_row(e) for e in events.with_columns(pl.col("happened_at")).iter_rows(named=True)], gap=4, mt="xs", id="localnet-events-list"),
    ]


def create_localnet_events() -> dmc.Paper:
    """A panel for the Overview: what just happened on the local network (re-read every 20 s while the page is open)."""
    return dmc.Paper(
        [
            html.Div(className="card-accent", style={"background": color_for("localnet")}),
            dmc.Title("Local network, as it happens", order=4, mb=4),
            dmc.Text("A marketplace this explorer runs on its own matching, verification and token core: tenants' orders clear each "
                     "hour, nodes go up and down, spot checks catch nodes that skip work, and the LOCAL token burns and mints.",
                     size="xs", c="dimmed", mb="xs"),
            html.Div(events_body(), id="localnet-events-body"),
            dcc.Interval(id="localnet-events-refresh", interval=REFRESH_MS),
        ],
        withBorder=True, radius="md", p="md", mt="lg", id="localnet-events",
    )


@callback(Output("localnet-events-body", "children"), Input("localnet-events-refresh", "n_intervals"), prevent_initial_call=True)
def refresh(_n: int | None) -> list[Any]:
    return events_body()
