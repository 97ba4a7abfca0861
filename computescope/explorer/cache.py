"""Reads computed once per data version: a bounded LRU of whole responses for GET /api/v1/* and Dash callbacks, with ETags."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Flask, Response, g, request

from computescope.db import Database
from computescope.explorer.data import db

DASH_UPDATE = "/_dash-update-component"
API_PREFIX = "/api/v1/"
API_CACHE_CONTROL = "public, no-cache"  # clients may keep an answer but must revalidate it: the ETag makes that a 304
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "X-Total-Count")
WAIT_S = 60.0


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str


def data_version(database: Database | None = None) -> tuple[Hashable, ...]:
    """The data version the cache keys on (see Database.version)."""
    return (database or db()).version()


class ReadCache:
    """Least recently used answers, bounded in count and bytes; one thread computes a missing answer while the others wait."""

    def __init__(self, max_entries: int = 1024, max_bytes: int = 64 << 20, max_entry_bytes: int = 8 << 20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._version: Hashable = None
        self._lock = threading.Lock()
        self._in_flight: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def claim(self, key: Hashable) -> Entry | None:
        """The stored answer, or None once the caller is the one to compute it (after waiting for any thread already doing so)."""
        while True:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return entry
                event = self._in_flight.get(key)
                if event is None:
                    self._in_flight[key] = threading.Event()
                    self.misses += 1
                    return None
            if not event.wait(WAIT_S):
                with self._lock:
                    self.misses += 1
                return None  # the first computation is stuck: compute alongside it rather than fail

    def release(self, key: Hashable) -> None:
        with self._lock:
            event = self._in_flight.pop(key, None)
        if event is not None:
            event.set()

    def put(self, key: Hashable, entry: Entry) -> None:
        if len(entry.body) > self.max_entry_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def observe_version(self, version: Hashable) -> None:
        """A newer data version makes every stored answer unreachable: drop them now rather than wait for the LRU."""
        with self._lock:
            if version != self._version:
                self._version = version
                self._entries.clear()
                self._bytes = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _cacheable() -> bool:
    return (request.method == "GET" and request.path.startswith(API_PREFIX)) or (request.method == "POST" and request.path == DASH_UPDATE)


def _respond(entry: Entry) -> Response:
    response = Response(entry.body, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    return response


def _with_validators(response: Response, etag: str) -> Response:
    if request.path.startswith(API_PREFIX):
        response.headers["ETag"] = etag
        response.headers["Cache-Control"] = API_CACHE_CONTROL
        if etag in request.if_none_match or request.if_none_match.contains_weak(etag.strip('"')):
            return Response(status=304, headers={"ETag": etag, "Cache-Control": API_CACHE_CONTROL})
    return response


def install(server: Flask, cache: ReadCache | None = None, version: Callable[[], Hashable] = data_version) -> ReadCache:
    """Serve GET /api/v1/* and Dash callback answers from `cache` while the data version stays; store only 200s without cookies."""
    store = cache or ReadCache()

    def before() -> Response | None:
        if not _cacheable():
            return None
        current = version()
        store.observe_version(current)
        key = (current, request.method, request.path, request.query_string, request.get_data(cache=True))
        entry = store.claim(key)
        if entry is not None:
            return _with_validators(_respond(entry), entry.etag)
        g.read_cache_key = key
        return None

    def after(response: Response) -> Response:
        key = g.get("read_cache_key")
        if key is None:
            return response
        if response.status_code != 200 or response.is_streamed or "Set-Cookie" in response.headers:
            return response
        body = response.get_data()
        etag = etag_of(body)
        headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
        store.put(key, Entry(response.status_code, headers, body, etag))
        return _with_validators(response, etag)

    def teardown(_exc: BaseException | None) -> None:
        key = g.pop("read_cache_key", None)
        if key is not None:
            store.release(key)

    server.before_request(before)
    server.after_request(after)
    server.teardown_request(teardown)
    server.extensions["read_cache"] = store
    return store
