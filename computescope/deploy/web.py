"""`computescope web`: stateless web workers under gunicorn, each reading the newest published snapshot; node writes go to the spool."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from dash import Dash
from flask import Flask, Response, jsonify, request
from gunicorn.app.base import BaseApplication

from computescope.deploy.snapshot import Newest, snapshot_dir, spool_dir
from computescope.deploy.spool import pending, spool
from computescope.explorer.api.intake import EXTENSION, MAX_BODY, default_limits
from computescope.explorer.app import create_app
from computescope.explorer.data import set_db
from computescope.settings import Settings

MAX_SPOOLED = 100_000  # about ten minutes of a 10k-node fleet's heartbeats, should the writer stop
SUBSCRIPTIONS = "/api/v1/alerts/subscriptions"
WRITES = {"/api/v1/reports": "report", "/api/v1/nodes/register": "register", "/api/v1/reports/batch": "batch"}


def _refusal(status: int, reason: str, message: str) -> Response:
    response = jsonify({"error": message, "reason": reason, "status": status})
    response.status_code = status
    return response


class Backlog:
    """How many writes wait in the spool, counted at most once a second; past `limit` new writes are refused with 429."""

    def __init__(self, folder: Path, limit: int = MAX_SPOOLED) -> None:
        self.folder, self.limit = folder, limit
        self._counted_at, self._count = -math.inf, 0

    def full(self, now: float) -> bool:
        if now - self._counted_at >= 1.0:
            self._count, self._counted_at = len(pending(self.folder)), now
        return self._count >= self.limit


def spool_intake(server: Flask, folder: Path) -> None:
    """Answer signed node writes with 202 once their body is durably in the spool; the writer verifies and stores them."""
    limits = default_limits()
    backlog = Backlog(folder)

    def intake() -> Response | None:
        if request.path == SUBSCRIPTIONS and request.method == "POST":
            return _refusal(503, "read_snapshot", "alert subscriptions are kept by `computescope serve`; this web worker serves a read "
                                                  "snapshot and cannot hand back the webhook secret a subscription returns")
        kind = WRITES.get(request.path)
        if kind is None or request.method != "POST":
            return None
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _refusal(413, "too_large", f"a {kind} is at most {MAX_BODY} bytes")
        if backlog.full(time.monotonic()):
            response = _refusal(429, "spool_full", "the writer is behind; nothing was queued, retry later")
            response.headers["Retry-After"] = "5"
            return response
        wait = limits["register" if kind == "register" else "report"][0].wait(request.remote_addr or "?", time.monotonic())
        if wait > 0:
            response = _refusal(429, "rate_limited", "too many writes from this address; retry later")
            response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response
        body = request.stream.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return _refusal(413, "too_large", f"a {kind} is at most {MAX_BODY} bytes")
        try:
            request.json_module.loads(body)
        except (ValueError, RecursionError):
            return _refusal(400, "malformed", "the body is not JSON")
        name = spool(folder, kind, body)
        response = jsonify({"status": "queued", "durable": True, "id": name,
                            "detail": "written to disk; the writer verifies the signature and stores it within seconds"})
        response.status_code = 202
        return response

    server.before_request_funcs.setdefault(None, []).insert(0, intake)


def web_app(settings: Settings) -> Dash:
    """The explorer over the newest snapshot, reopened as soon as a request finds a newer one."""
    newest = Newest(snapshot_dir(settings.db_path))
    app = create_app(newest.db)
    server = app.server

    def reopen() -> None:
        fresh = newest.refresh()
        if fresh is not None:
            set_db(fresh)
            server.extensions[EXTENSION].store.db = fresh  # the node reads go through the collector's store

    server.before_request_funcs.setdefault(None, []).insert(0, reopen)
    spool_intake(server, spool_dir(settings.db_path))
    return app


class WebServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with its options from here: no preload, so each worker process opens its own snapshot."""

    def __init__(self, settings: Settings, workers: int, threads: int = 4) -> None:
        self.settings = settings
        self.options: dict[str, Any] = {"bind": f"{settings.host}:{settings.port}", "workers": workers, "threads": threads,
                                        "worker_class": "gthread", "preload_app": False, "timeout": 120, "graceful_timeout": 10,
                                        "accesslog": None, "loglevel": "warning"}
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return web_app(self.settings).server


def run_web(settings: Settings, workers: int) -> int:
    Newest(snapshot_dir(settings.db_path))  # one clear line now, rather than every worker failing to boot
    print(f"computescope web: {workers} workers serving http://{settings.host}:{settings.port} "
          f"(snapshots {snapshot_dir(settings.db_path)})", flush=True)
    WebServer(settings, workers).run()
    return 0
