"""Alert delivery: a webhook POST whose body is signed (HMAC-SHA256), and email through a configured SMTP server; both retried with backoff."""

from __future__ import annotations

import hashlib
import hmac
import os
import smtplib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage

import requests

from computescope.core.verification.signing import canonical_json

ENV = "COMPUTESCOPE_SMTP_"
SIGNATURE_HEADER = "X-Computescope-Signature"
DELIVERY_HEADER = "X-Computescope-Delivery"


@dataclass(frozen=True)
class Delivered:
    ok: bool
    attempts: int
    error: str | None = None


@dataclass(frozen=True)
class Retry:
    attempts: int = 4
    backoff_s: float = 1.0           # doubled after each failed attempt
    timeout_s: float = 10.0


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = None
    port: int = 25
    sender: str = "computescope@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings:
        env = os.environ if environ is None else environ
        port = env.get(ENV + "PORT", "25").strip() or "25"
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{ENV}PORT must be a port number, not {port!r}")
        return cls(env.get(ENV + "HOST") or None, int(port), env.get(ENV + "FROM") or cls.sender, env.get(ENV + "USER") or None,
                   env.get(ENV + "PASSWORD") or None, env.get(ENV + "STARTTLS", "").lower() in ("1", "true", "yes"))


def signature(secret_hex: str, body: bytes) -> str:
    """What the receiver recomputes with its secret to know the payload came from here, unaltered."""
    return "sha256=" + hmac.new(bytes.fromhex(secret_hex), body, hashlib.sha256).hexdigest()


def _retrying(attempt: Callable[[], None], retry: Retry, sleep: Callable[[float], None]) -> Delivered:
    error = None
    for n in range(1, retry.attempts + 1):
        try:
            attempt()
            return Delivered(True, n)
        except (requests.RequestException, OSError, smtplib.SMTPException, _Refused) as exc:
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
        if n < retry.attempts:
            sleep(retry.backoff_s * 2 ** (n - 1))
    return Delivered(False, retry.attempts, error)


class _Refused(Exception):
    """The receiver answered, but not with success."""


def webhook(url: str, payload: dict[str, object], secret_hex: str, delivery_id: str, *, retry: Retry = Retry(),
            sleep: Callable[[float], None] = time.sleep) -> Delivered:
    """POST the canonical JSON; a 2xx is delivered, a 4xx other than 408/429 is final, anything else is retried."""
    body = canonical_json(payload)
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(secret_hex, body), DELIVERY_HEADER: delivery_id}

    def attempt() -> None:
        response = requests.post(url, data=body, headers=headers, timeout=retry.timeout_s, allow_redirects=False)
        if 200 <= response.status_code < 300:
            return
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            raise _Final(f"HTTP {response.status_code}")
        raise _Refused(f"HTTP {response.status_code}")

    try:
        return _retrying(attempt, retry, sleep)
    except _Final as exc:
        return Delivered(False, 1, str(exc))


class _Final(Exception):
    """An answer that no retry will change."""


def email(smtp: SmtpSettings, to: str, subject: str, text: str, *, retry: Retry = Retry(),
          sleep: Callable[[float], None] = time.sleep) -> Delivered:
    """Send one plain-text message through the configured server (timeouts on connect and every command)."""
    if not smtp.host:
        return Delivered(False, 0, f"no SMTP server configured ({ENV}HOST)")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, to, subject
    message.set_content(text)

    def attempt() -> None:
        with smtplib.SMTP(smtp.host or "", smtp.port, timeout=retry.timeout_s) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user and smtp.password:
                server.login(smtp.user, smtp.password)
            server.send_message(message)

    return _retrying(attempt, retry, sleep)
