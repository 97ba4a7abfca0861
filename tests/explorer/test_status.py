"""Status shows each resource of a run; the shell says once, on every page, when no network source can be reached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from computescope.db import Database
from computescope.explorer import data

NOW = datetime.now(UTC)


@pytest.fixture
def own_db(client: FlaskClient, tmp_path: Path) -> Iterator[Database]:
    """A fresh database behind the explorer's reads for one test (the app itself is the session's)."""
    before = data._DB
    db = Database(tmp_path / "status.duckdb")
    data.set_db(db)
    yield db
    data._DB = before
    db.close()


def _run(db: Database, run_id: str, source: str, status: str, minutes_ago: int, error: str | None = None) -> None:
    at = NOW - timedelta(minutes=minutes_ago)
    db.cursor().execute("insert into ingest_runs (run_id, source, status, trigger, started_at, finished_at, error) values (?, ?, ?, 'scheduler', ?, ?, ?)",
                        [run_id, source, status, at, at, error])


def test_no_notice_without_runs_or_while_one_network_source_works(own_db: Database) -> None:
    from computescope.explorer.components.shell import outage_notice

    assert outage_notice() is None
    _run(own_db, "a1", "akash", "failed", 5, "connection failed")
    _run(own_db, "r1", "render", "success", 30)
    _run(own_db, "s1", "snapshot", "success", 600)
    assert outage_notice() is None


def test_every_network_source_failing_shows_one_notice_with_the_age_of_the_data(own_db: Database) -> None:
    from computescope.explorer.components.shell import outage_notice

    _run(own_db, "a0", "akash", "partial", 180)
    _run(own_db, "a1", "akash", "failed", 5, "connection failed")
    _run(own_db, "r1", "render", "aborted", 4)
    _run(own_db, "i1", "ionet", "skipped", 3)          # no token: not a failure to reach anything
    _run(own_db, "s1", "snapshot", "success", 1)       # the bundled snapshot is not a live source
    notice = outage_notice()
    assert notice is not None and notice.id == "shell-outage-notice"
    text = "".join(c for c in notice.children if isinstance(c, str))
    assert "the newest run of each of 2 network sources failed" in text
    assert "last loaded 3 h ago" in text


def test_status_lists_the_resources_of_the_newest_run(own_db: Database) -> None:
    from computescope.explorer.pages.status import STATUS_COLOR, resource_rows

    cur = own_db.cursor()
    for run_id, minutes in (("old", 90), ("new", 5)):
        _run(own_db, run_id, "akash", "partial", minutes, "gpu: FetchError: HTTP 404")
        cur.execute("insert into ingest_run_resources values (?, 'akash', 'gpu', 'failed', 0, 'FetchError: HTTP 404', ?)",
                    [run_id, NOW - timedelta(minutes=minutes)])
        cur.execute("insert into ingest_run_resources values (?, 'akash', 'gpu_prices', 'loaded', 46, null, ?)",
                    [run_id, NOW - timedelta(minutes=minutes)])
    rows = [(r["source"], r["resource"], r["status"], r["rows"], r["error"]) for r in resource_rows()]
    assert rows == [("Akash Console API", "gpu", "failed", 0, "FetchError: HTTP 404"), ("Akash Console API", "gpu_prices", "loaded", 46, "")]
    assert STATUS_COLOR["partial"] == "orange" and STATUS_COLOR["aborted"] == "red"


def test_health_names_failing_and_aborted_sources(own_db: Database, client: FlaskClient) -> None:
    _run(own_db, "s1", "snapshot", "success", 60)
    assert client.get("/api/v1/health").get_json()["status"] == "ok"
    _run(own_db, "l1", "localnet", "aborted", 30, "aborted: the process running it ended before it finished")
    _run(own_db, "a1", "akash", "partial", 5, "gpu: FetchError: HTTP 404")
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "degraded"
    assert [(f["source"], f["status"], f["error"]) for f in body["failing"]] == [
        ("akash", "partial", "gpu: FetchError: HTTP 404"),
        ("localnet", "aborted", "aborted: the process running it ended before it finished"),
    ]


def _find(component: object, wanted: object) -> Any:
    if getattr(component, "id", None) == wanted:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        found = _find(child, wanted)
        if found is not None:
            return found
    return None


def test_status_page_has_the_resources_grid(own_db: Database) -> None:
    from computescope.explorer import fmt
    from computescope.explorer.pages.status import layout

    own_db.cursor().execute("insert into ingest_run_resources values ('r', 'akash', 'gpu_prices', 'loaded', 46, null, ?)", [NOW])
    _run(own_db, "r", "akash", "partial", 1, "gpu: FetchError: HTTP 404")
    grid = _find(layout(), {"type": "grid", "grid": "status-resources"})
    assert grid is not None
    assert grid.rowData == [{"source": "Akash Console API", "resource": "gpu_prices", "status": "loaded", "rows": 46, "error": "",
                             "finished": fmt.exact_time(NOW), "age": grid.rowData[0]["age"]}]


def test_status_page_says_why_no_resource_is_listed(own_db: Database) -> None:
    from computescope.explorer.pages.status import layout

    page = layout()
    assert _find(page, {"type": "grid", "grid": "status-resources"}) is None
    empty = _find(page, "status-resources-empty")
    assert empty is not None and "load as one unit" in empty.children
