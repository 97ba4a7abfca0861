"""The one HTTP client every source uses: named timeouts, retries with backoff on 5xx and 429, Retry-After, a size cap."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from computescope import __version__
from computescope.ingest.payload import Payload, SchemaError

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class HttpPolicy:
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    retries: int = 3                    # further attempts after the first
    backoff_s: float = 0.5              # doubles on every retry
    max_retry_after_s: float = 120.0    # a longer Retry-After fails the run instead of blocking the scheduler
    max_bytes: int = 64 * 1024 * 1024


class FetchError(RuntimeError):
    """A fetch that did not produce a usable response; says which URL and why in one line."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"GET {url}: {reason}")
        self.url, self.reason, self.status = url, reason, status


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            return None


@dataclass
class HttpClient:
    policy: HttpPolicy = field(default_factory=HttpPolicy)
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = f"computescope/{__version__} (+open GPU network explorer)"

    def get(self, url: str, *, resource: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> Payload:
        """GET with retries; returns the body as a Payload ready for landing. Raises FetchError."""
        attempt = 0
        while True:
            try:
                return self._once(url, resource, params, headers)
            except _Retryable as exc:
                attempt += 1
                if attempt > self.policy.retries:
                    raise FetchError(exc.url, f"{exc.reason} (gave up after {attempt} attempts)", exc.status) from None
                wait = exc.retry_after if exc.retry_after is not None else self.policy.backoff_s * 2 ** (attempt - 1)
                if wait > self.policy.max_retry_after_s:
                    raise FetchError(exc.url, f"{exc.reason}; server asks to retry after {wait:.0f} s", exc.status) from None
                log.info("retrying %s in %.1f s: %s", url, wait, exc.reason)
                self.sleep(wait)

    def get_json(self, url: str, *, resource: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> tuple[Payload, Any]:
        payload = self.get(url, resource=resource, params=params, headers=headers)
        return payload, decode_json(payload)

    def post_json(self, url: str, body: bytes) -> tuple[int, Any]:
        """POST a JSON body once (a signed write must not be sent twice), waiting out a 429's Retry-After; (status, JSON or None)."""
        timeout = (self.policy.connect_timeout_s, self.policy.read_timeout_s)
        for attempt in range(self.policy.retries + 1):
            try:
                response = self.session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=timeout)
            except requests.RequestException as exc:
                raise FetchError(url, f"request failed ({_root(exc)})") from None
            wait = _retry_after(response.headers.get("Retry-After"))
            # A 429 wrote nothing, so the same body may go again once the server allows it.
            if response.status_code != 429 or attempt == self.policy.retries or wait is None or wait > self.policy.max_retry_after_s:
                break
            self.sleep(wait)
        if len(response.content) > self.policy.max_bytes:
            raise FetchError(url, f"response exceeds the {self.policy.max_bytes:,}-byte limit")
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    def _once(self, url: str, resource: str, params: Mapping[str, Any] | None, headers: Mapping[str, str] | None) -> Payload:
        timeout = (self.policy.connect_timeout_s, self.policy.read_timeout_s)
        try:
            response = self.session.get(url, params=params, headers=headers, timeout=timeout, stream=True)
        except requests.Timeout as exc:
            raise _Retryable(url, f"timed out ({type(exc).__name__})") from None
        except requests.ConnectionError as exc:
            root = _root(exc)
            reason = "host name could not be resolved (no network or DNS?)" if root == "gaierror" else f"connection failed ({root})"
            raise _Retryable(url, reason) from None
        except requests.RequestException as exc:
            raise FetchError(url, f"request failed ({_root(exc)})") from None
        with response:
            final_url = response.url
            if response.status_code in RETRY_STATUSES:
                raise _Retryable(final_url, f"HTTP {response.status_code}", response.status_code, _retry_after(response.headers.get("Retry-After")))
            if response.status_code >= 400:
                raise FetchError(final_url, f"HTTP {response.status_code}", response.status_code)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
                raise FetchError(final_url, f"response of {int(declared):,} bytes exceeds the {self.policy.max_bytes:,}-byte limit")
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(chunk_size=65536):
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise FetchError(final_url, f"response exceeds the {self.policy.max_bytes:,}-byte limit")
                    chunks.append(chunk)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                raise _Retryable(final_url, f"response cut short after {size:,} bytes ({_root(exc)})") from None
            except requests.Timeout:
                raise _Retryable(final_url, f"timed out while reading after {size:,} bytes") from None
            body = b"".join(chunks)
            if declared and declared.isdigit() and len(body) < int(declared):
                raise _Retryable(final_url, f"response cut short: {len(body):,} of {int(declared):,} bytes")
            return Payload(resource, final_url, body, datetime.now(UTC), response.status_code, response.headers.get("Content-Type"))


class _Retryable(Exception):
    def __init__(self, url: str, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.url, self.reason, self.status, self.retry_after = url, reason, status, retry_after


def _root(exc: BaseException) -> str:
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    return type(exc).__name__


def decode_json(payload: Payload) -> Any:

    try:
        return json.loads(payload.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(payload.url, payload.resource, f"malformed JSON ({exc.__class__.__name__}: {exc})") from None
