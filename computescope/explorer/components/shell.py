"""The page shell: header with the navbar built from the page registry, a mobile drawer, the page container."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from computescope import __version__
from computescope.explorer import fmt
from computescope.explorer.data import frame
from computescope.explorer.theme import APP_TITLE, TAGLINE
from computescope.sources import SOURCES

NETWORK_SOURCES = [name for name, module in SOURCES.items() if module.IDENTITY.base_url]  # those that reach the internet


def nav_pages(registry: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted((p for p in registry if p.get("nav")), key=lambda p: p.get("order", 99))


def create_nav_links(pages: list[dict[str, Any]], vertical: bool = False) -> list[dmc.Anchor]:
    return [
        dmc.Anchor(page["name"], href=page["relative_path"], underline="never", className="nav-link", size="sm", fw=500, py=4 if vertical else 0)
        for page in pages
    ]


def create_shell(registry: dict[str, dict[str, Any]]) -> dmc.MantineProvider:
    pages = nav_pages(registry.values())
    header = dmc.AppShellHeader(
        dmc.Group(
            [
                dmc.Group(
                    [
                        dmc.Burger(id="shell-burger", hiddenFrom="md", size="sm", opened=False, **{"aria-label": "open navigation"}),
                        dmc.Anchor(
                            [html.Span("compute", className="brand-a"), html.Span("scope", className="brand-b")],
                            href="/", underline="never", className="brand", fw=700, size="xl",
                        ),
                        dmc.Text(TAGLINE, size="xs", c="dimmed", visibleFrom="xl"),  # ten links fit one line at 1366 px without it
                    ],
                    gap="sm",
                    wrap="nowrap",
                ),
                html.Nav(dmc.Group(create_nav_links(pages), gap="md", wrap="nowrap", className="top-nav"), className="top-nav-wrap", **{"aria-label": "pages"}),
                dmc.Switch(id="shell-dark", label="Dark", size="sm", persistence=True, **{"aria-label": "dark theme"}),
            ],
            justify="space-between",
            h="100%",
            px="md",
            wrap="nowrap",
        )
    )
    drawer = dmc.AppShellNavbar(html.Nav(dmc.Stack(create_nav_links(pages, vertical=True), gap=4, p="md"), **{"aria-label": "pages"}))
    main = dmc.AppShellMain(
        [
            dmc.Container([html.Div(id="shell-outage"), dash.page_container], size="xl", px={"base": "xs", "sm": "md"}),
            html.Footer(
                dmc.Text(
                    [f"{APP_TITLE} {__version__} · every figure names its source and age · ", dmc.Anchor("JSON API", href="/api/v1/openapi.json")],
                    size="xs",
                    c="dimmed",
                    ta="center",
                ),
                className="footer",
            ),
        ]
    )
    return dmc.MantineProvider(
        [
            dcc.Location(id="shell-url", refresh="callback-nav"),
            dmc.AppShell(
                [header, drawer, main],
                id="shell",
                header={"height": 60},
                navbar={"width": 220, "breakpoint": "md", "collapsed": {"mobile": True, "desktop": True}},
                padding="md",
            ),
        ],
        id="shell-theme",
        forceColorScheme="light",
        theme={"primaryColor": "indigo", "fontFamily": "Inter, system-ui, -apple-system, Segoe UI, sans-serif"},
    )


clientside_callback(
    "function(opened, navbar) { return {...navbar, collapsed: {mobile: !opened, desktop: true}}; }",
    Output("shell", "navbar"),
    Input("shell-burger", "opened"),
    State("shell", "navbar"),
)

clientside_callback(
    "function(dark) { return dark ? 'dark' : 'light'; }",
    Output("shell-theme", "forceColorScheme"),
    Input("shell-dark", "checked"),
)


def outage_notice() -> dmc.Alert | None:
    """One notice when every network source that has run failed its newest run: live figures are out of reach, say how old ours are."""
    row = frame("status_outage", {"sources": NETWORK_SOURCES}).row(0, named=True)
    if not row["sources_run"] or row["sources_down"] < row["sources_run"]:
        return None
    loaded = row["last_loaded_at"]
    shown = (f"The pages show what was last loaded {fmt.age(loaded)} ({fmt.exact_time(loaded)})" if loaded
             else "The pages show the bundled snapshot and the local network only")
    return dmc.Alert(
        [f"Live sources cannot be reached: the newest run of each of {row['sources_run']} network sources failed. {shown}. ",
         dmc.Anchor("Status", href="/status"), " names each error."],
        title="Live data unavailable", color="yellow", variant="light", mb="sm", id="shell-outage-notice",
    )


@callback(Output("shell-outage", "children"), Input("shell-url", "pathname"))
def show_outage(_path: str | None) -> dmc.Alert | None:
    return outage_notice()
