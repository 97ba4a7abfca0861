"""Real receivers on 127.0.0.1 for alert delivery tests: a webhook endpoint that records what it is sent, and an SMTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.server import free_port


@dataclass
class Webhook:
    """Answers each POST with the next status in `statuses` (the last one repeats) and keeps body and headers."""

    statuses: list[int] = field(default_factory=lambda: [200])
    received: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        self.received.append((body, dict(handler.headers.items())))
        status = self.statuses[min(len(self.received), len(self.statuses)) - 1]
        handler.send_response(status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


@contextmanager
def webhook_receiver(statuses: list[int] | None = None) -> Iterator[Webhook]:
    hook = Webhook(statuses or [200])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            hook.answer(self)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's handler name
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    box = Mailbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def closed_port_url() -> str:
    """A loopback URL where nothing listens: every connection is refused at once."""
    return f"http://127.0.0.1:{free_port()}/hook"
