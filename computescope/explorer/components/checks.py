"""The data checks panel on Status: every check's newest outcome, its bad rows and the run it followed."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import html

from computescope.checks import latest_results
from computescope.explorer import fmt
from computescope.explorer.data import db

COLUMNS = ["Check", "Status", "Bad rows (count)", "Run it followed", "Checked (UTC)", "First bad row"]


def create_checks_panel() -> html.Div:
    results = latest_results(db())
    title = dmc.Title("Data checks", order=4, mt="lg", mb="xs")
    if results.is_empty():
        return html.Div([title, dmc.Text("No data check has run yet: they run after every ingest run, or with `computescope check`.",
                                         c="dimmed", size="sm")], id="status-checks")
    failed = results.filter(results["bad_rows"] > 0).height
    summary = dmc.Text(f"{results.height - failed} of {results.height} checks pass" + (f"; {failed} found bad rows" if failed else ""),
                       size="sm", c="red" if failed else "dimmed", mb="xs")
    body = [
        dmc.TableTr([
            dmc.TableTd(html.Code(r["check_name"])),
            dmc.TableTd(dmc.Badge(r["status"], color="green" if r["status"] == "passed" else "red", variant="light")),
            dmc.TableTd(fmt.count(r["bad_rows"]), ta="right"),
            dmc.TableTd(r["run_id"] or "computescope check"),
            dmc.TableTd(fmt.exact_time(r["observed_at"])),
            dmc.TableTd(html.Code(r["sample"][:400]) if r["bad_rows"] else fmt.DASH, style={"whiteSpace": "normal", "wordBreak": "break-word"}),
        ])
        for r in results.iter_rows(named=True)
    ]
    table = dmc.Table([dmc.TableThead(dmc.TableTr([dmc.TableTh(c) for c in COLUMNS])), dmc.TableTbody(body)],
                      striped=True, withTableBorder=True)
    return html.Div([title, summary, dmc.TableScrollContainer(table, minWidth=700)], id="status-checks")
