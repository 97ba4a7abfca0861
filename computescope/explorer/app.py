"""The explorer's shell: a Dash app built from the page registry, with the public API on the same server."""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
from dash import Dash

from computescope.db import Database
from computescope.explorer.api.intake import register_collector
from computescope.explorer.api.routes import blueprint, register_error_handlers
from computescope.explorer.cache import install as install_read_cache
from computescope.explorer.components.shell import create_shell
from computescope.explorer.data import set_db
from computescope.explorer.theme import APP_TITLE, register_template

ASSETS = Path(__file__).parent / "assets"
PAGE_MODULES = ("overview", "networks", "network", "inventory", "utilization", "prices", "quote", "tokens", "token", "nodes", "node", "operator", "status", "not_found_404")


def create_app(db: Database) -> Dash:
    set_db(db)
    register_template()
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        title=APP_TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    for name in PAGE_MODULES:
        module = importlib.import_module(f"computescope.explorer.pages.{name}")
        # without a pages folder Dash does not read each module's `layout`; attach it here
        dash.page_registry[module.__name__]["layout"] = module.layout
    app.layout = create_shell(dash.page_registry)
    app.server.register_blueprint(blueprint)
    register_error_handlers(app.server)
    register_collector(app.server, db)
    install_read_cache(app.server)
    return app
