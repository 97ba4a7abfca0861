"""The collector API: the only write routes (signed register and reports) and the public node reads, under /api/v1."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from flask import Blueprint, Flask, Response, current_app, jsonify, request

from computescope.core.verification.signing import ReportRejected
from computescope.db import Database
from computescope.explorer.api.http import ALL_METHODS, ApiError, arg, error, listing
from computescope.explorer.data import records
from computescope.settings import Settings
from computescope.sources import load_settings
from computescope.verify.params import VerifyParams
from computescope.verify.protocol import NETWORK_SLUGS, NODE_ID
from computescope.verify.reads import SORTABLE, STATUSES, NodeQuery, list_nodes, node_detail
from computescope.verify.store import VerificationStore

log = logging.getLogger(__name__)
blueprint = Blueprint("verify_v1", __name__, url_prefix="/api/v1")
EXTENSION = "computescope.verify"
MAX_BODY = 1 << 20
STATUS_FOR = {"malformed": 400, "too_large": 413, "unknown_challenge": 404, "challenge_not_pending": 409, "rate_limited": 429}


class RateGuard:
    """A token bucket per client address: a burst of `burst` writes, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: str, now: float) -> bool:
        with self._lock:
            tokens, last = self._buckets.get(who, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if len(self._buckets) > 10_000:
                self._buckets.clear()
            if tokens < 1:
                self._buckets[who] = (tokens, now)
                return False
            self._buckets[who] = (tokens - 1, now)
            return True


@dataclass
class Collector:
    store: VerificationStore
    max_body: int = MAX_BODY
    guard: RateGuard = field(default_factory=lambda: RateGuard(50.0, 200))


def register_collector(server: Flask, db: Database, settings: Settings | None = None, *, params: VerifyParams | None = None,
                       max_body: int = MAX_BODY, guard: RateGuard | None = None) -> VerificationStore:
    """Attach the collector to a Flask server; registration rules come from the settings (environment by default)."""
    s = settings or load_settings()
    p = params or VerifyParams(window_s=s.report_window_s, registration=s.registration, operator_keys=s.operator_keys,
                               network_operators=s.network_operators)
    store = VerificationStore(db, p)
    server.extensions[EXTENSION] = Collector(store, max_body, guard or RateGuard(50.0, 200))
    server.register_blueprint(blueprint)
    return store


def _collector() -> Collector:
    return current_app.extensions[EXTENSION]


def _rejection(exc: ReportRejected) -> Response:
    status = STATUS_FOR.get(exc.reason, 401)
    body = {"error": str(exc), "reason": exc.reason, "field": exc.field, "status": status}
    if status in (401, 429):
        # Refused writes are logged: a burst of them is how a defacement attempt shows itself.
        log.warning("collector refused %s %s from %s: %s", request.method, request.path, request.remote_addr, exc)
    response = jsonify(body)
    response.status_code = status
    if status == 429:
        response.headers["Retry-After"] = "1"
    return response


def _not_allowed(allowed: str) -> Response:
    response = error(405, f"{request.method} is not allowed here; use {allowed}")
    response.headers["Allow"] = allowed
    return response


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _envelope(c: Collector) -> Any:
    """The request body as JSON, refused as too large before a byte of it is parsed."""
    if request.content_length is not None and request.content_length > c.max_body:
        raise ReportRejected("too_large")
    data = request.stream.read(c.max_body + 1)
    if len(data) > c.max_body:
        raise ReportRejected("too_large")
    try:
        return json.loads(data, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ReportRejected("malformed", "body") from None


def _write(action: str) -> Response:
    if request.method != "POST":
        return _not_allowed("POST")
    c = _collector()
    try:
        if not c.guard.allow(request.remote_addr or "?", time.monotonic()):
            raise ReportRejected("rate_limited")
        envelope = _envelope(c)
        if action == "register":
            out = c.store.register(envelope)
            response = jsonify(out)
            response.status_code = 201 if out["created"] else 200
            return response
        return jsonify(c.store.accept_report(envelope))
    except ReportRejected as exc:
        return _rejection(exc)


@blueprint.route("/nodes/register", methods=ALL_METHODS)
def register_node() -> Response:
    return _write("register")


@blueprint.route("/reports", methods=ALL_METHODS)
def reports() -> Response:
    return _write("report")


def _int_arg(name: str, default: int, lo: int, hi: int) -> int:
    text = request.args.get(name)
    if text in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,10}", text) or not lo <= int(text) <= hi:
        raise ApiError(400, f"parameter {name} must be a whole number from {lo} to {hi}, not {text!r}")
    return int(text)


@blueprint.route("/nodes", methods=ALL_METHODS)
def nodes() -> Response:
    if request.method != "GET":
        return _not_allowed("GET")
    try:
        network = arg("network", r"[a-z0-9-]{1,32}")
        if network is not None and network not in NETWORK_SLUGS:
            raise ApiError(400, f"network must be one of {', '.join(NETWORK_SLUGS)}")
        status = arg("status", r"[a-z]{1,16}")
        if status is not None and status not in STATUSES:
            raise ApiError(400, f"status must be one of {', '.join(STATUSES)}")
        sort = arg("sort", r"[a-z0-9_]{1,32}")
        if sort is not None and sort not in SORTABLE:
            raise ApiError(400, f"sort must be one of {', '.join(sorted(SORTABLE))}")
        order = arg("order", r"asc|desc") or "asc"
        query = NodeQuery(network=network, operator=arg("operator"), model=arg("model"), q=arg("q"), status=status)
        c = _collector()
        frame, total = list_nodes(c.store.db, query, sort=[(sort, order)] if sort else [], limit=_int_arg("limit", 100, 1, 1000),
                                  offset=_int_arg("offset", 0, 0, 10**9), grace=c.store.params.grace)
        response = listing(frame, "nodes")
    except ApiError as exc:
        return error(exc.status, str(exc))
    response.headers["X-Total-Count"] = str(total)
    return response


@blueprint.route("/nodes/<network>/<node_id>", methods=ALL_METHODS)
def node(network: str, node_id: str) -> Response:
    if request.method != "GET":
        return _not_allowed("GET")
    if network not in NETWORK_SLUGS or not NODE_ID.fullmatch(node_id):
        return error(400, "a node is /api/v1/nodes/<network>/<node_id> with a known network and a node id of letters, digits and ._:-")
    c = _collector()
    detail = node_detail(c.store.db, network, node_id, grace=c.store.params.grace)
    if detail is None:
        return error(404, f"no node {node_id!r} on {network}; list them at /api/v1/nodes")
    body = {k: records(v) if isinstance(v, pl.DataFrame) else v for k, v in detail.items() if k not in ("node", "frame")}
    body["node"] = records(detail["frame"])[0]
    return jsonify(body)
