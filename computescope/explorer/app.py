"""The explorer's shell: a Dash app built from the page registry, with the public API on the same server."""

from __future__ import annotations

import importlib
import json
import logging
from pathlib import Path
from typing import Any

import dash
from dash import Dash
from flask import Response, request

from computescope.db import Database
from computescope.explorer.api.alerts import register_alerts
from computescope.explorer.api.http import error
from computescope.explorer.api.intake import register_collector
from computescope.explorer.api.routes import blueprint, register_error_handlers
from computescope.explorer.cache import install as install_read_cache
from computescope.explorer.components.shell import create_shell
from computescope.explorer.data import set_db
from computescope.explorer.theme import APP_TITLE, register_template
from computescope.verify.reads import FilterTooLarge

ASSETS = Path(__file__).parent / "assets"
MAX_CALLBACK_BODY = 1 << 20
MAX_CALLBACK_DEPTH = 64
PAGE_MODULES = ("overview", "networks", "network", "inventory", "utilization", "prices", "quote", "gpus", "gpu", "tokens", "token", "nodes", "node", "operator", "providers", "provider", "status", "not_found_404")


log = logging.getLogger(__name__)


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
    register_alerts(app.server, db)
    install_read_cache(app.server)
    app.server.before_request(lambda: _check_callback(app))
    app.server.register_error_handler(FilterTooLarge, lambda exc: error(400, str(exc)))
    for kind in UNUSABLE_VALUES:
        app.server.register_error_handler(kind, _unusable_callback_values)
    return app


# What a callback raises when the values a client sent are not what its page sends (a store emptied, an id edited)
UNUSABLE_VALUES: tuple[type[Exception], ...] = (TypeError, KeyError, ValueError, AttributeError, IndexError)


def _unusable_callback_values(exc: Exception) -> Response:
    """A callback that cannot use the values it was sent answers 400 naming the callback; elsewhere the error stays a 500."""
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        raise exc
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    log.info("callback %s refused values it cannot use: %s: %s", output, type(exc).__name__, exc)
    return error(400, f"the callback {output} cannot use the values sent ({type(exc).__name__})")


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _bindings(body: dict[str, Any], key: str, expected: list[dict[str, Any]]) -> bool:
    given = body.get(key, [])
    return (isinstance(given, list) and len(given) == len(expected)
            and all(isinstance(g, dict) and isinstance(g.get("id"), (str, dict)) and isinstance(g.get("property"), str) for g in given))


def _check_callback(app: Dash) -> Response | None:
    """A Dash callback request that is not what the page's own callbacks send answers 4xx before Dash dispatches it."""
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return None
    if (request.content_length or 0) > MAX_CALLBACK_BODY:
        return error(413, f"a callback request is at most {MAX_CALLBACK_BODY} bytes")
    data = request.get_data(cache=True)  # cached: Dash reads the same bytes after this check
    if len(data) > MAX_CALLBACK_BODY:
        return error(413, f"a callback request is at most {MAX_CALLBACK_BODY} bytes")
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        return error(400, "a callback request is a JSON object")
    if _too_deep(body, MAX_CALLBACK_DEPTH):
        return error(400, f"a callback request nests at most {MAX_CALLBACK_DEPTH} levels")
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) or "callback" not in app.callback_map.get(body["output"], {}):
        return error(400, "a callback request names the output of a known callback")
    spec = app.callback_map[body["output"]]
    outputs = body.get("outputs")
    outputs_ok = isinstance(outputs, dict) or (isinstance(outputs, list) and all(isinstance(o, (dict, list)) for o in outputs))
    changed = body.get("changedPropIds", [])
    if not outputs_ok or not _bindings(body, "inputs", spec["inputs"]) or not _bindings(body, "state", spec.get("state", [])) \
            or not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return error(400, f"a callback request for {body['output']} carries its outputs, {len(spec['inputs'])} inputs and"
                          f" {len(spec.get('state', []))} states as the page sends them")
    return None
