"""AG Grid factory: sortable, filterable, units in headers, CSV download through a button."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import MATCH, Input, Output, clientside_callback, html


def create_grid(grid_id: str, rows: list[dict[str, Any]], columns: list[dict[str, Any]], *, height: int = 420, file_name: str = "export.csv") -> html.Div:
    return html.Div(
        [
            dmc.Group(
                dmc.Button("Download CSV", id={"type": "grid-csv", "grid": grid_id}, size="xs", variant="light"),
                justify="flex-end",
                mb=4,
            ),
            dag.AgGrid(
                id={"type": "grid", "grid": grid_id},
                rowData=rows,
                columnDefs=columns,
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True, "autoHeaderHeight": True, "minWidth": 115},
                dashGridOptions={"animateRows": False, "tooltipShowDelay": 200, "domLayout": "normal"},
                csvExportParams={"fileName": file_name},
                columnSize="responsiveSizeToFit",
                style={"height": f"{height}px", "width": "100%"},
                className="ag-theme-quartz",
            ),
        ],
        id=grid_id,
    )


clientside_callback(
    "function(n) { return n ? true : window.dash_clientside.no_update; }",
    Output({"type": "grid", "grid": MATCH}, "exportDataAsCsv"),
    Input({"type": "grid-csv", "grid": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
