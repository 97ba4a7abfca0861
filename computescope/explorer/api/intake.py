"""The collector API: the only write routes (signed register and reports) and the public node reads, under /api/v1."""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from flask import Blueprint, Flask, Response, current_app, jsonify, request

from computescope.core.verification.signing import ReportRejected
from computescope.db import Database
from computescope.explorer.api.export import FORMATS, download
from computescope.explorer.api.http import ALL_METHODS, READ_ALLOW, ApiError, arg, error, listing
from computescope.explorer.data import records
from computescope.settings import Settings
from computescope.sources import load_settings
from computescope.verify.params import PROOF_N, VerifyParams
from computescope.verify.protocol import NETWORK_SLUGS, NODE_ID
from computescope.verify.reads import SORTABLE, STATUSES, NodeQuery, list_nodes, node_detail
from computescope.verify.store import VerificationStore
from computescope.verify.writer import QueueFull, WriterOptions

log = logging.getLogger(__name__)


def clock() -> float:
    """The quotas' clock (monotonic seconds); one function so tests can hold it still."""
    return time.monotonic()

blueprint = Blueprint("verify_v1", __name__, url_prefix="/api/v1")
EXTENSION = "computescope.verify"
MAX_BODY = 1 << 20
STATUS_FOR = {"malformed": 400, "too_large": 413, "unknown_challenge": 404, "challenge_not_pending": 409, "rate_limited": 429,
              "unverified_cap": 429, "queue_full": 429, "busy": 503}
UNVERIFIED_RETRY_S = 60.0
MAX_BATCH = 1000  # heartbeats in one relayed request (about 250 kB)
ENVELOPE_HEX = {name: re.compile(f"[0-9a-f]{{{n}}}") for name, n in (("public_key", 64), ("nonce", 32), ("signature", 128))}


class RateGuard:
    """A token bucket per client address: a burst of `burst` writes, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: str, now: float) -> bool:
        return self.wait(who, now) == 0.0

    def wait(self, who: str, now: float, cost: float = 1.0) -> float:
        """0 and `cost` tokens spent when `who` may write now; otherwise the seconds until it may."""
        with self._lock:
            tokens, last = self._buckets.get(who, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if len(self._buckets) > 10_000:
                self._buckets.clear()
            if tokens < cost:
                self._buckets[who] = (tokens, now)
                return (cost - tokens) / self.rate
            self._buckets[who] = (tokens - cost, now)
            return 0.0


def default_limits() -> dict[str, tuple[RateGuard, RateGuard]]:
    """Per address and for everyone together, by write kind: sized to what the write path stores (~40 registrations/s at most).

    A registration writes ~9 rows; one address gets 20 at once, then one every 20 s; all addresses together 50 at once,
    then one every 2 s (43k a day at most, and registrations that prove nothing are pruned after an hour).
    A report writes ~3 rows; an agent sends one a minute, so 60 at once and 2/s per address is room for a rack behind one address.
    Heartbeats are stored in batches (well over 5,000/s), so all addresses together may send 2,000/s with bursts of 20,000;
    a relayed batch spends one token per address for the request and one overall per report in it.
    """
    return {"register": (RateGuard(0.05, 20), RateGuard(0.5, 50)), "report": (RateGuard(2.0, 60), RateGuard(2000.0, 20_000))}


class RefusalLog:
    """Refused writes, counted by status and reason and logged as one summary line at most every `every_s` seconds."""

    def __init__(self, every_s: float = 10.0) -> None:
        self.every_s = every_s
        self.total: Counter[tuple[int, str]] = Counter()
        self._since: Counter[tuple[int, str]] = Counter()
        self._who: Counter[str] = Counter()
        self._last = -math.inf
        self._lock = threading.Lock()

    def refused(self, status: int, reason: str, who: str, now: float) -> None:
        with self._lock:
            self.total[(status, reason)] += 1
            self._since[(status, reason)] += 1
            self._who[who] += 1
            if now - self._last < self.every_s:
                return
            parts = ", ".join(f"{n} × {code} {why}" for (code, why), n in self._since.most_common())
            top, top_n = self._who.most_common(1)[0]
            log.warning("collector refused %d writes since the last summary: %s; most from %s (%d)",
                        sum(self._since.values()), parts, top, top_n)
            self._since.clear()
            self._who.clear()
            self._last = now


@dataclass
class Collector:
    store: VerificationStore
    max_body: int = MAX_BODY
    limits: dict[str, tuple[RateGuard, RateGuard]] = field(default_factory=default_limits)
    refusals: RefusalLog = field(default_factory=RefusalLog)
    autostart: bool = True  # the heartbeat writer thread starts with the first report this server receives


def register_collector(server: Flask, db: Database, settings: Settings | None = None, *, params: VerifyParams | None = None,
                       max_body: int = MAX_BODY, guard: RateGuard | None = None, writer: WriterOptions | None = None,
                       autostart: bool = True) -> VerificationStore:
    """Attach the collector to a Flask server; registration rules come from the settings (environment by default)."""
    s = settings or load_settings()
    p = params or VerifyParams(window_s=s.report_window_s, registration=s.registration, operator_keys=s.operator_keys,
                               network_operators=s.network_operators, proof_n=PROOF_N)
    store = VerificationStore(db, p, writer=writer)
    # A given guard (tests) replaces every limit, per address and overall alike.
    limits = {kind: (guard, guard) for kind in ("register", "report")} if guard else default_limits()
    server.extensions[EXTENSION] = Collector(store, max_body, limits, autostart=autostart)
    server.register_blueprint(blueprint)
    return store


def _collector() -> Collector:
    return current_app.extensions[EXTENSION]


def _rejection(exc: ReportRejected, retry_after: float = 1.0) -> Response:
    status = STATUS_FOR.get(exc.reason, 401)
    body = {"error": str(exc), "reason": exc.reason, "field": exc.field, "status": status}
    # Refused writes are counted and summarised: a burst of them is how a defacement attempt shows itself.
    _collector().refusals.refused(status, exc.reason, request.remote_addr or "?", clock())
    response = jsonify(body)
    response.status_code = status
    if status == 429:
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
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
    per_address, everyone = c.limits["register" if action == "register" else "report"]
    now = clock()
    wait = per_address.wait(request.remote_addr or "?", now) or everyone.wait("*", now)
    if wait:
        return _rejection(ReportRejected("rate_limited"), wait)
    try:
        envelope = _envelope(c)
        if action == "register":
            out = c.store.register(envelope)
            response = jsonify(out)
            response.status_code = 201 if out["created"] else 200
            return response
        if c.autostart:
            c.store.writer.start()
        return jsonify(c.store.accept_report(envelope))
    except QueueFull as exc:
        return _rejection(ReportRejected("queue_full"), exc.retry_after_s)
    except ReportRejected as exc:
        return _rejection(exc, UNVERIFIED_RETRY_S if exc.reason == "unverified_cap" else 1.0)


@blueprint.route("/nodes/register", methods=ALL_METHODS)
def register_node() -> Response:
    return _write("register")


@blueprint.route("/reports", methods=ALL_METHODS)
def reports() -> Response:
    return _write("report")


def _envelope_shape(envelope: Any, field: str) -> None:
    """A relay that sends something other than signed envelopes is refused whole; signatures, keys and clocks are judged per report."""
    if not isinstance(envelope, dict):
        raise ReportRejected("malformed", field)
    for name, pattern in ENVELOPE_HEX.items():
        value = envelope.get(name)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ReportRejected("malformed", f"{field}.{name}")
    if not isinstance(envelope.get("timestamp"), int) or isinstance(envelope.get("timestamp"), bool):
        raise ReportRejected("malformed", f"{field}.timestamp")


@blueprint.route("/reports/batch", methods=ALL_METHODS)
def report_batch() -> Response:
    """Heartbeats of many nodes relayed in one request; each envelope is signed by its own node and judged on its own."""
    if request.method != "POST":
        return _not_allowed("POST")
    c = _collector()
    try:
        body = _envelope(c)
        envelopes = body.get("reports") if isinstance(body, dict) else None
        if not isinstance(envelopes, list) or not 0 < len(envelopes) <= MAX_BATCH:
            raise ReportRejected("malformed", "reports")
        for i, envelope in enumerate(envelopes):
            _envelope_shape(envelope, f"reports[{i}]")
    except ReportRejected as exc:
        return _rejection(exc)
    per_address, everyone = c.limits["report"]
    now = clock()
    wait = per_address.wait(request.remote_addr or "?", now) or everyone.wait("*", now, len(envelopes))
    if wait:
        return _rejection(ReportRejected("rate_limited"), wait)
    if c.autostart:
        c.store.writer.start()
    try:
        results = c.store.accept_batch(envelopes)
    except QueueFull as exc:
        return _rejection(ReportRejected("queue_full"), exc.retry_after_s)
    out = []
    for result in results:
        if isinstance(result, ReportRejected):
            status = STATUS_FOR.get(result.reason, 401)
            c.refusals.refused(status, result.reason, request.remote_addr or "?", clock())
            out.append({"status": status, "error": str(result), "reason": result.reason, "field": result.field})
        elif isinstance(result, BaseException):  # its batch rolled back: nothing of it was stored
            out.append({"status": 503, "error": "not stored; send it again", "reason": "store_failed", "field": None})
        else:
            out.append({"status": 200, **result})
    return jsonify({"results": out})


def _int_arg(name: str, default: int, lo: int, hi: int) -> int:
    text = request.args.get(name)
    if text in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,10}", text) or not lo <= int(text) <= hi:
        raise ApiError(400, f"parameter {name} must be a whole number from {lo} to {hi}, not {text!r}")
    return int(text)


@blueprint.route("/nodes", methods=ALL_METHODS)
def nodes() -> Response:
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(READ_ALLOW)
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
        model = (arg("model") or "").strip() or None  # a blank model filters nothing
        query = NodeQuery(network=network, operator=arg("operator"), model=model, q=arg("q"), status=status)
        c = _collector()
        fmt = request.args.get("format", "json")
        if fmt not in FORMATS:
            raise ApiError(400, f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        # A download is every matching row unless a page is asked for; JSON answers one page.
        whole = fmt != "json" and "limit" not in request.args
        frame, total = list_nodes(c.store.db, query, sort=[(sort, order)] if sort else [],
                                  limit=None if whole else _int_arg("limit", 100, 1, 1000),
                                  offset=_int_arg("offset", 0, 0, 10**9), grace=c.store.params.grace)
        response = download(frame, "nodes", fmt, total) if fmt != "json" else listing(frame, "nodes")
    except ApiError as exc:
        return error(exc.status, str(exc))
    response.headers["X-Total-Count"] = str(total)
    return response


@blueprint.route("/nodes/<network>/<node_id>", methods=ALL_METHODS)
def node(network: str, node_id: str) -> Response:
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(READ_ALLOW)
    if network not in NETWORK_SLUGS or not NODE_ID.fullmatch(node_id):
        return error(400, "a node is /api/v1/nodes/<network>/<node_id> with a known network and a node id of letters, digits and ._:-")
    c = _collector()
    detail = node_detail(c.store.db, network, node_id, grace=c.store.params.grace)
    if detail is None:
        return error(404, f"no node {node_id!r} on {network}; list them at /api/v1/nodes")
    body = {k: records(v) if isinstance(v, pl.DataFrame) else v for k, v in detail.items() if k not in ("node", "frame")}
    body["node"] = records(detail["frame"])[0]
    return jsonify(body)
