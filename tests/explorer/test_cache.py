"""Reads cached by data version: computed once per version and parameters, 200s only, ETags and 304s on the API."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from flask import Flask, Response, jsonify, request
from flask.testing import FlaskClient

from computescope.db import Database
from computescope.explorer.cache import Entry, ReadCache, data_version, etag_of, install


def entry(body: bytes) -> Entry:
    return Entry(200, (("Content-Type", "application/json"),), body, etag_of(body))


def test_lru_is_bounded_by_count_and_bytes() -> None:
    cache = ReadCache(max_entries=3, max_bytes=10, max_entry_bytes=6)
    for key in "abc":
        cache.put(key, entry(b"12"))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("d", entry(b"12"))
    assert [k for k in "abcd" if cache.get(k) is not None] == ["a", "c", "d"]
    cache.put("e", entry(b"123456"))
    assert cache.size_bytes == 10 and len(cache) == 3 and cache.get("a") is None  # a, least recently read, made room
    cache.put("f", entry(b"1234567"))  # larger than one entry may be
    assert cache.get("f") is None


def test_a_new_version_drops_every_answer() -> None:
    cache = ReadCache()
    cache.observe_version(1)
    cache.put("a", entry(b"x"))
    cache.observe_version(1)
    assert cache.get("a") is not None
    cache.observe_version(2)
    assert cache.get("a") is None and cache.size_bytes == 0


def test_one_thread_computes_while_the_others_wait() -> None:
    cache = ReadCache()
    assert cache.claim("k") is None  # this thread computes
    got: list[Entry | None] = []
    waiter = threading.Thread(target=lambda: got.append(cache.claim("k")))
    waiter.start()
    cache.put("k", entry(b"answer"))
    cache.release("k")
    waiter.join(timeout=30)
    assert got and got[0] is not None and got[0].body == b"answer"
    assert (cache.hits, cache.misses) == (1, 1)


def app_with(version: list[int]) -> tuple[FlaskClient, dict[str, int], ReadCache]:
    server = Flask(__name__)
    calls = {"api": 0, "dash": 0, "missing": 0, "write": 0}

    @server.route("/api/v1/things")
    def things() -> Response:
        calls["api"] += 1
        response = jsonify({"q": request.args.get("q"), "version": version[0], "call": calls["api"]})
        response.headers["X-Total-Count"] = "7"
        return response

    @server.route("/api/v1/missing")
    def missing() -> tuple[Response, int]:
        calls["missing"] += 1
        return jsonify({"error": "no such thing"}), 404

    @server.route("/api/v1/reports", methods=["POST"])
    def reports() -> Response:
        calls["write"] += 1
        return jsonify({"accepted": calls["write"]})

    @server.route("/_dash-update-component", methods=["POST"])
    def dash_update() -> Response:
        calls["dash"] += 1
        return jsonify({"echo": request.get_json(), "call": calls["dash"]})

    cache = install(server, ReadCache(), version=lambda: version[0])
    return server.test_client(), calls, cache


def test_api_answers_are_computed_once_per_version_and_query() -> None:
    version = [1]
    client, calls, _ = app_with(version)
    first = client.get("/api/v1/things?q=a")
    again = client.get("/api/v1/things?q=a")
    assert first.get_json() == again.get_json() == {"q": "a", "version": 1, "call": 1}
    assert again.headers["X-Total-Count"] == "7" and again.mimetype == "application/json"
    assert client.get("/api/v1/things?q=b").get_json()["call"] == 2
    version[0] = 2
    assert client.get("/api/v1/things?q=a").get_json() == {"q": "a", "version": 2, "call": 3}
    assert calls["api"] == 3


def test_etag_and_revalidation() -> None:
    client, calls, _ = app_with([1])
    first = client.get("/api/v1/things")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache" and etag == etag_of(first.get_data())
    not_modified = client.get("/api/v1/things", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.get_data() == b"" and not_modified.headers["ETag"] == etag
    assert client.get("/api/v1/things", headers={"If-None-Match": '"other"'}).status_code == 200
    assert calls["api"] == 1


def test_errors_and_writes_are_never_stored() -> None:
    client, calls, cache = app_with([1])
    for _ in range(3):
        assert client.get("/api/v1/missing").status_code == 404
        assert client.post("/api/v1/reports", json={"n": 1}).get_json()["accepted"] == calls["write"]
    assert calls["missing"] == 3 and calls["write"] == 3 and len(cache) == 0


def test_dash_callbacks_are_keyed_by_their_body() -> None:
    client, calls, _ = app_with([1])
    one = {"output": "a.children", "inputs": [{"id": "x", "property": "value", "value": 1}]}
    two = {"output": "a.children", "inputs": [{"id": "x", "property": "value", "value": 2}]}
    assert client.post("/_dash-update-component", json=one).get_json()["call"] == 1
    assert client.post("/_dash-update-component", json=one).get_json()["call"] == 1
    answer = client.post("/_dash-update-component", json=two)
    assert answer.get_json() == {"echo": two, "call": 2} and "ETag" not in answer.headers


def test_real_api_serves_one_answer_per_version(client: FlaskClient) -> None:
    cache: ReadCache = client.application.extensions["read_cache"]
    first = client.get("/api/v1/networks")
    hits = cache.hits
    second = client.get("/api/v1/networks")
    assert second.get_data() == first.get_data() and cache.hits == hits + 1
    assert client.get("/api/v1/networks", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_version_moves_with_a_report_a_run_and_a_tick(db: Database) -> None:
    before = data_version(db)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    db.cursor().execute("insert into ingest_runs (run_id, source, status, trigger, started_at, finished_at) values ('r1', 'snapshot', 'success', 'test', ?, ?)",
                        [now, now])
    after_run = data_version(db)
    assert after_run[2] == now and after_run != before
