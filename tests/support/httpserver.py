"""A real HTTP server on 127.0.0.1 for ingest tests: serves recorded-shape files and injects faults on demand."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0          # sleep before answering (timeouts)
    truncate_to: int | None = None  # send a Content-Length larger than the body, then close (cut-short bodies)


class FixtureServer:
    """Routes map a path (query ignored unless routed with it) to a queue of replies; the last reply repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: defaultdict[str, int] = defaultdict(int)
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._answer(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # a short poll interval lets shutdown() return at once, so a server per test costs milliseconds
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def json(self, path: str, data: Any, status: int = 200) -> None:
        self.route(path, Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json"}))

    def file(self, path: str, file: Path, content_type: str = "application/json") -> None:
        self.route(path, Reply(200, file.read_bytes(), {"Content-Type": content_type}))

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        key = handler.path if handler.path in self.routes else parts.path
        self.hits[key] += 1
        self.requests.append((parts.path, parts.query, dict(handler.headers)))
        queue = self.routes.get(key)
        if not queue:
            reply = Reply(404, b'{"error":"not found"}', {"Content-Type": "application/json"})
        else:
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if reply.delay_s:
            time.sleep(reply.delay_s)
        try:
            handler.send_response(reply.status)
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            body = reply.body if reply.truncate_to is None else reply.body[: reply.truncate_to]
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(body)
            if reply.truncate_to is not None:
                handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def serve() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server


def refused_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
