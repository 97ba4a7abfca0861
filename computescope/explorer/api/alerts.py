"""Alert routes: a signed subscription (or cancellation) from an operator key, and the delivery history, under /api/v1/alerts."""

from __future__ import annotations

import json
import time
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from computescope.alerts.store import SubscriptionRefused, history, subscribe
from computescope.core.verification.signing import ReportRejected
from computescope.db import Database
from computescope.explorer.api.http import ALL_METHODS, ApiError, arg, error, listing

blueprint = Blueprint("alerts_v1", __name__, url_prefix="/api/v1/alerts")
EXTENSION = "computescope.alerts"
MAX_BODY = 64 * 1024
STATUS_FOR = {"malformed": 400, "too_large": 413}


def register_alerts(server: Flask, db: Database, *, window_s: float = 300) -> None:
    server.extensions[EXTENSION] = (db, window_s)
    server.register_blueprint(blueprint)


def _body() -> Any:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise ReportRejected("too_large")
    data = request.stream.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise ReportRejected("too_large")
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise ReportRejected("malformed", "body") from None


@blueprint.route("/subscriptions", methods=ALL_METHODS)
def subscriptions() -> Response:
    """POST a subscription signed by an operator key (kind alert_subscribe, or alert_unsubscribe with its id)."""
    if request.method != "POST":
        response = error(405, f"{request.method} is not allowed here; use POST with a signed subscription")
        response.headers["Allow"] = "POST"
        return response
    db, window_s = current_app.extensions[EXTENSION]
    try:
        kept = subscribe(db, _body(), now=time.time(), window_s=window_s)
    except ReportRejected as exc:
        status = STATUS_FOR.get(exc.reason, 401)
        response = jsonify({"error": str(exc), "reason": exc.reason, "status": status})
        response.status_code = status
        return response
    except SubscriptionRefused as exc:
        return error(400, str(exc))
    response = jsonify(kept)
    response.status_code = 201
    return response


@blueprint.route("/deliveries", methods=ALL_METHODS)
def deliveries() -> Response:
    """The alerts sent (and failed) for one operator key's subscriptions, or for one operator's nodes; newest first."""
    if request.method not in ("GET", "HEAD"):
        response = error(405, f"{request.method} is not allowed here; use GET")
        response.headers["Allow"] = "GET, HEAD"
        return response
    try:
        key, operator = arg("key", r"[0-9a-f]{64}"), arg("operator")
        if key is None and operator is None:
            raise ApiError(400, "name a key (hex Ed25519 public key) or an operator")
        db, _ = current_app.extensions[EXTENSION]
        return listing(history(db, key=key, operator=operator), "alert-deliveries")
    except ApiError as exc:
        return error(exc.status, str(exc))
