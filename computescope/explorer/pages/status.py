"""Status: how fresh is every number? Each source's last run, last success, last error, rows and next run."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dash_mantine_components as dmc
from dash import html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.checks import create_checks_panel
from computescope.explorer.components.grid import create_grid
from computescope.explorer.data import frame
from computescope.sources import SOURCES

register_page(__name__, path="/status", name="Status", title="computescope · Status", order=90, nav=True)

STATUS_COLOR = {"success": "green", "partial": "orange", "failed": "red", "aborted": "red", "skipped": "gray", "running": "blue"}


OWN_MESSAGE = ("skipped", "partial", "aborted")   # statuses whose run row carries the reason


def resource_rows() -> list[dict[str, Any]]:
    """Each resource of every source's newest resource-by-resource run: loaded with its rows, or failed with why."""
    titles = {name: module.IDENTITY.title for name, module in SOURCES.items()}
    return [
        {"source": titles.get(r["source"], r["source"]), "resource": r["resource"], "status": r["status"], "rows": r["rows_written"],
         "error": r["error"] or "", "finished": fmt.exact_time(r["finished_at"]), "age": fmt.age(r["finished_at"])}
        for r in frame("status_resources").iter_rows(named=True)
    ]


def source_rows() -> list[dict[str, Any]]:
    runs = {r["source"]: r for r in frame("status_sources").iter_rows(named=True)}
    scheduled = {r["job_id"]: r["next_run_at"] for r in frame("scheduled_jobs").iter_rows(named=True)}
    out = []
    for name, module in SOURCES.items():
        spec = module.IDENTITY
        run = runs.get(name, {})
        started = run.get("last_started_at")
        when = scheduled.get(f"ingest:{name}")
        if when is not None:
            next_run = fmt.exact_time(when)
        elif spec.interval_minutes == 0:
            next_run = "at start-up"
        else:
            next_run = "not scheduled (offline, disabled, or no scheduler running)"
        out.append(
            {
                "source": spec.title,
                "name": name,
                "status": run.get("last_status") or "never run",
                "last_run": fmt.exact_time(started) if started else fmt.DASH,
                "last_success": f"{fmt.exact_time(run['last_success_at'])} ({fmt.age(run['last_success_at'])})" if run.get("last_success_at") else fmt.DASH,
                "rows": run.get("last_rows") or 0,
                "last_error": (run.get("last_message") if run.get("last_status") in OWN_MESSAGE else run.get("last_error")) or "",
                "next_run": next_run,
                "interval": f"{spec.interval_minutes} min" if spec.interval_minutes else "once",
            }
        )
    return out


COLUMNS = [
    {"field": "source", "headerName": "Source", "minWidth": 180},
    {"field": "status", "headerName": "Last status"},
    {"field": "last_run", "headerName": "Last run (UTC)"},
    {"field": "last_success", "headerName": "Last success"},
    {"field": "rows", "headerName": "Rows written (count)", "type": "numericColumn"},
    {"field": "last_error", "headerName": "Last error", "tooltipField": "last_error", "minWidth": 240},
    {"field": "interval", "headerName": "Interval"},
    {"field": "next_run", "headerName": "Next run"},
]

RESOURCE_COLUMNS = [
    {"field": "source", "headerName": "Source", "minWidth": 180},
    {"field": "resource", "headerName": "Resource"},
    {"field": "status", "headerName": "Status"},
    {"field": "rows", "headerName": "Rows written (count)", "type": "numericColumn"},
    {"field": "error", "headerName": "Error", "tooltipField": "error", "minWidth": 280},
    {"field": "finished", "headerName": "Finished (UTC)"},
    {"field": "age", "headerName": "Age"},
]

FRESH_COLUMNS = [
    {"field": "source", "headerName": "Source"},
    {"field": "dataset", "headerName": "Table"},
    {"field": "rows", "headerName": "Rows (count)", "type": "numericColumn"},
    {"field": "newest", "headerName": "Newest observation (UTC)"},
    {"field": "age", "headerName": "Age"},
]


def layout(**_query: str) -> html.Div:
    resources = resource_rows()
    rows = source_rows()
    fresh = [
        {"source": r["source"], "dataset": r["dataset"], "rows": r["rows"], "newest": fmt.exact_time(r["newest"]), "age": fmt.age(r["newest"])}
        for r in frame("status_freshness").iter_rows(named=True)
    ]
    badges = [dmc.Badge(f"{r['name']}: {r['status']}", color=STATUS_COLOR.get(r["status"], "gray"), variant="light") for r in rows]
    return html.Div(
        [
            dmc.Title("Data status", order=2, mt="md"),
            dmc.Text(f"How fresh is every number? Checked {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", c="dimmed", mb="sm"),
            dmc.Group(badges, gap="xs", mb="md", id="status-badges"),
            create_grid("status-sources", rows, COLUMNS, height=300, file_name="sources.csv"),
            dmc.Title("Resources of the newest run", order=4, mt="lg", mb="xs"),
            dmc.Text("A source's resources load on their own: one endpoint that fails does not hold back the others (the run reads partial).",
                     c="dimmed", size="sm", mb="xs"),
            create_grid("status-resources", resources, RESOURCE_COLUMNS, height=260, file_name="resources.csv") if resources else
            dmc.Text("No source with endpoints has run yet: the bundled snapshot and the local network load as one unit, and the"
                     " live sources list their endpoints here after their first run (they need network access).",
                     size="sm", id="status-resources-empty"),
            dmc.Title("Freshness per table", order=4, mt="lg", mb="xs"),
            create_grid("status-freshness", fresh, FRESH_COLUMNS, height=360, file_name="freshness.csv"),
            create_checks_panel(),
        ]
    )
