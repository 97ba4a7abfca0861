"""Every fault, for each of the five network sources: a clear run status, and nothing loaded earlier lost or duplicated."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from computescope.db import Database
from computescope.ingest.http import HttpClient, HttpPolicy
from computescope.sources import SOURCES as SOURCE_MODULES
from computescope.sources import replay_run, run_source
from tests.support.httpserver import FixtureServer, Reply, refused_url
from tests.support.ingest import counts, fast_http, run_row
from tests.support.network_cases import CASES, SOURCES, Case, serve, source_settings


def _body(case: Case) -> bytes:
    return case.routes[case.broken].read_bytes()


def _json(data: Any) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _changed(case: Case, change: Callable[[dict[str, Any], str], None]) -> Reply:
    document = json.loads(_body(case))
    change(case.record(document), case.field)
    return _json(document)


def _mistyped(record: dict[str, Any], name: str) -> None:
    record[name] = 12345 if isinstance(record[name], str) else "twelve"


def _impatient() -> HttpClient:
    return HttpClient(HttpPolicy(connect_timeout_s=1.0, read_timeout_s=0.05, retries=1, backoff_s=0.0), sleep=lambda _s: None)


@dataclass(frozen=True)
class Fault:
    name: str
    replies: Callable[[Case], list[Reply]]      # what the broken route answers, in order (the last one repeats)
    status: str                                 # the run's status
    error: str = ""                             # text the run's error must contain
    parsed: bool = False                        # the fault is in the payload: every payload was landed before parsing
    client: Callable[[], HttpClient] = fast_http
    refused: bool = False                       # nothing listens at the base URL


FAULTS = (
    Fault("429 with Retry-After, then success", lambda c: [Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, _body(c))], "success"),
    Fault("500, then success", lambda c: [Reply(500, b"oops"), Reply(200, _body(c))], "success"),
    Fault("truncated body, then success", lambda c: [Reply(200, _body(c), truncate_to=40), Reply(200, _body(c))], "success"),
    Fault("timeout", lambda c: [Reply(200, _body(c), delay_s=0.3)], "failed", "timed out", client=_impatient),
    Fault("connection refused", lambda c: [Reply(200, _body(c))], "failed", "connection failed", refused=True),
    Fault("500 every time", lambda c: [Reply(500, b"oops")], "failed", "HTTP 500 (gave up after 3 attempts)"),
    Fault("truncated body every time", lambda c: [Reply(200, _body(c), truncate_to=40)], "failed", "cut short"),
    Fault("404", lambda c: [Reply(404, b'{"error":"not found"}')], "failed", "HTTP 404"),
    Fault("malformed JSON", lambda c: [Reply(200, _body(c)[:-9] + b"}{,")], "failed", "malformed JSON", parsed=True),
    Fault("HTML instead of JSON", lambda c: [Reply(200, b"<!doctype html><title>app</title>", {"Content-Type": "text/html"})],
          "failed", "malformed JSON", parsed=True),
    Fault("missing field", lambda c: [_changed(c, lambda r, f: r.pop(f))], "failed", ": missing", parsed=True),
    Fault("renamed field", lambda c: [_changed(c, lambda r, f: r.__setitem__(f + "V2", r.pop(f)))], "failed", ": missing", parsed=True),
    Fault("wrong type", lambda c: [_changed(c, _mistyped)], "failed", ": expected", parsed=True),
    Fault("wrong document type", lambda c: [_json("ok")], "failed", "field (document): expected", parsed=True),
)


def resource_of(case: Case) -> str:
    """The resource name the broken route serves."""
    module = SOURCE_MODULES[case.source]
    return next(r.name for r in module.RESOURCES if r.path == case.broken)


def loaded_rows(db: Database, run_id: str) -> dict[str, int]:
    """Rows a run added to each fact table (merged nodes aside, every row it wrote carries its run id)."""
    cur = db.cursor()
    return {t: cur.execute(f"select count(*) from {t} where run_id = ?", [run_id]).fetchall()[0][0] for t in counts(db)}


def _plus(before: dict[str, int], snapshot: dict[str, int]) -> dict[str, int]:
    return {table: n + snapshot[table] for table, n in before.items()}


@pytest.mark.parametrize("source", SOURCES)
def test_fault_matrix(source: str, tmp_path: Path, db: Database, http_server: FixtureServer, subtests: pytest.Subtests) -> None:
    """One database lives through every fault in turn, as a scheduled source would."""
    case = CASES[source]
    serve(http_server, source)
    first = run_source(db, source_settings(tmp_path, source, http_server.url), source, http=fast_http())
    assert first.status == "success" and first.rows_written > 0, first.error
    snapshot = counts(db)  # what one run adds where observed_at is the fetch time
    no_rows = dict.fromkeys(snapshot, 0)

    for fault in FAULTS:
        with subtests.test(fault=fault.name):
            before = counts(db)
            http_server.route(case.broken, *fault.replies(case))
            base_url = refused_url() if fault.refused else http_server.url
            result = run_source(db, source_settings(tmp_path, source, base_url), source, http=fault.client())
            row = run_row(db, result.run_id)
            # one broken endpoint of several fails only its resource: the others load and the run reads partial
            expected = "partial" if fault.status == "failed" and len(case.routes) > 1 and not fault.refused else fault.status
            assert (result.status, row["status"]) == (expected, expected), result.error
            if fault.status == "failed":
                assert fault.error in row["error"] and "\n" not in row["error"], row["error"]
                broken = [r.resource for r in result.resources] if fault.refused else [resource_of(case)]
                assert [r.resource for r in result.resources if r.status == "failed"] == broken
                assert row["rows"] == sum(r.rows for r in result.resources if r.status == "loaded")
                assert counts(db) == _plus(before, loaded_rows(db, result.run_id))
                landed = 0 if fault.refused else len(case.routes) if fault.parsed else len(case.routes) - 1
                assert row["landed"] == landed  # every payload fetched was kept, the bad one included
                http_server.file(case.broken, case.routes[case.broken])
                healed = run_source(db, source_settings(tmp_path, source, http_server.url), source, http=fast_http())
                assert healed.status == "success", healed.error
            if fault.status != "failed":
                assert counts(db) == _plus(before, no_rows if case.repeatable else snapshot)
            http_server.file(case.broken, case.routes[case.broken])

    with subtests.test(fault="replay of the first run"):
        before = counts(db)
        replayed = replay_run(db, first.run_id)
        assert replayed.status == "success" and replayed.rows_written == 0
        assert counts(db) == before


@pytest.mark.parametrize("source", SOURCES)
def test_an_empty_list_is_a_successful_run_with_no_rows_from_it(
    source: str, tmp_path: Path, db: Database, http_server: FixtureServer
) -> None:
    case = CASES[source]
    serve(http_server, source)
    http_server.route(case.broken, _json(case.emptied(json.loads(_body(case)))))
    result = run_source(db, source_settings(tmp_path, source, http_server.url), source, http=fast_http())
    assert result.status == "success", result.error
    loaded = counts(db)
    assert {table: loaded[table] for table in case.empty_counts} == case.empty_counts
    assert result.rows_written == sum(loaded.values())
