"""Form pieces shared by pages: a copy-link button bound to the URL that a page keeps in sync with its filters."""

from __future__ import annotations

import dash_mantine_components as dmc
from dash import ClientsideFunction, Input, Output, clientside_callback, dcc, html


def create_copy_link(page: str) -> html.Div:
    return html.Div(
        dmc.Group(
            [dcc.Clipboard(id=f"{page}-copy", title="copy a link to this view", className="copy-link"), dmc.Text("Copy link", size="xs", c="dimmed")],
            gap=4,
        ),
        **{"data-page": page},
    )


def bind_url(page: str, inputs: list[Input]) -> None:
    """Mirror the inputs into the query string (names from the page's url-keys store) and feed the copy-link button with the full URL."""
    clientside_callback(
        ClientsideFunction(namespace="url", function_name="sync"),
        Output(f"{page}-copy", "content"),
        Input(f"{page}-url-keys", "data"),
        *inputs,
    )


def url_keys_store(page: str, keys: list[str]) -> dcc.Store:
    return dcc.Store(id=f"{page}-url-keys", data=keys)


def split_list(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]
