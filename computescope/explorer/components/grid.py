"""AG Grid factory: sortable, filterable, units in headers, columns as wide as their content, CSV download through a button."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import MATCH, Input, Output, State, clientside_callback, dcc, html

# a wrapping column keeps the width its page gives it and breaks lines between words; every other column is sized to its content
# (padding puts a wrapped cell's first line level with its neighbours' one line)
KEEP_WIDTH = {"suppressAutoSize": True, "autoHeight": True,
              "cellStyle": {"wordBreak": "normal", "whiteSpace": "normal", "lineHeight": "1.4", "paddingTop": "10px", "paddingBottom": "10px"}}


def _column(column: dict[str, Any]) -> dict[str, Any]:
    return {**KEEP_WIDTH, **column} if column.get("wrapText") else column


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
                columnDefs=[_column(c) for c in columns],
                defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True, "autoHeaderHeight": True, "minWidth": 80},
                dashGridOptions={"animateRows": False, "tooltipShowDelay": 200, "domLayout": "normal", "suppressColumnVirtualisation": True},
                csvExportParams={"fileName": file_name},
                columnSize="autoSize",
                style={"height": f"{height}px", "width": "100%"},
                className="ag-theme-quartz",
            ),
            dcc.Store(id={"type": "grid-sized", "grid": grid_id}),
        ],
        id=grid_id,
    )


clientside_callback(
    "function(n) { return n ? true : window.dash_clientside.no_update; }",
    Output({"type": "grid", "grid": MATCH}, "exportDataAsCsv"),
    Input({"type": "grid-csv", "grid": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)

# rows that arrive through a callback are measured once drawn (the grid's own sizing may run before they are)
clientside_callback(
    """async function(rows, id) {
        const api = await dash_ag_grid.getApiAsync(id);
        const want = (rows || []).length;
        let frames = 0;
        const size = () => {
            // the grid draws new rows a frame or more after rowData changes; measuring before that sizes columns to their headers
            const drawn = api.getDisplayedRowCount() === want && (want === 0 || api.getRenderedNodes().length > 0);
            if (!drawn && frames++ < 120) { requestAnimationFrame(size); return; }
            api.autoSizeAllColumns(false);
            // columns that fit with room to spare share it out, none narrower than its content; wider than the grid, they scroll
            const columns = api.getAllDisplayedColumns();
            const used = columns.reduce((sum, c) => sum + c.getActualWidth(), 0);
            const range = api.getHorizontalPixelRange();
            if (used < range.right - range.left) {
                api.sizeColumnsToFit({columnLimits: columns.map(c => ({key: c.getColId(), minWidth: c.getActualWidth()}))});
            }
        };
        requestAnimationFrame(() => requestAnimationFrame(size));
        return want;
    }""",
    Output({"type": "grid-sized", "grid": MATCH}, "data"),
    Input({"type": "grid", "grid": MATCH}, "rowData"),
    State({"type": "grid", "grid": MATCH}, "id"),
)
