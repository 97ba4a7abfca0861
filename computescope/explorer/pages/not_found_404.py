"""The page for a path that matches no page."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import html, register_page

register_page(__name__, path="/404", name="Not found", title="computescope · Not found", nav=False)


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            dmc.Title("Page not found", order=2, mt="xl", id="not-found-title"),
            dmc.Text("There is no page at this address. The pages are listed in the bar above."),
            dmc.Anchor("Back to the overview", href="/"),
        ]
    )
