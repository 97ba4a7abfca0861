"""The history routes: an operator's and a provider's days with range, limit/offset and total; '—' with the reason where a network publishes none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from computescope.db import Database
from computescope.explorer.data import set_db
from tests.support.history import OPERATOR, PROVIDER, plant_operator, plant_provider


@pytest.fixture
def planted(client: FlaskClient, snapshot_db: Database, tmp_path: Path) -> Iterator[FlaskClient]:
    """The session's app reading a database that holds the planted history, for this test only."""
    db = Database(tmp_path / "history.duckdb")
    plant_operator(db)
    plant_provider(db)
    set_db(db)
    try:
        yield client
    finally:
        set_db(snapshot_db)
        db.close()


def test_operator_history_pages_newest_first_with_the_total(planted: FlaskClient) -> None:
    r = planted.get(f"/api/v1/operators/{OPERATOR}/history?range=ALL&limit=2&offset=1")
    assert r.status_code == 200 and r.headers["X-Total-Count"] == "3"
    body = r.get_json()
    assert (body["total"], body["limit"], body["offset"], body["range"], body["kind"]) == (3, 2, 1, "ALL", "simulated")
    assert [(d["day"], d["earnings_usd"], d["utilization"], d["availability"], d["usd_per_gpu_hour"], d["market_usd_per_gpu_hour"])
            for d in body["rows"]] == [("2026-03-02", 108.0, 0.25, 0.75, 1.5, 2.5), ("2026-03-01", 216.0, 0.5, 1.0, 1.5, 1.625)]
    assert all(d["source"] == "localnet" and d["kind"] == "simulated" and d["observed_at"] for d in body["rows"])


def test_operator_range_ends_at_the_local_networks_newest_day(planted: FlaskClient) -> None:
    # the newest simulated hour is 2026-03-03 23:00: 7D reaches back to 02-25, so all three days; none is dropped or invented
    assert planted.get(f"/api/v1/operators/{OPERATOR}/history?range=7D").get_json()["total"] == 3
    assert planted.get(f"/api/v1/operators/{OPERATOR}/history").get_json()["range"] == "1M"


def test_provider_history_names_what_akash_does_not_publish(planted: FlaskClient) -> None:
    r = planted.get(f"/api/v1/providers/akash/{PROVIDER}/history?range=7D&limit=1")
    assert r.status_code == 200
    body = r.get_json()
    assert (body["total"], body["kind"], body["source"], len(body["rows"])) == (3, "observed", "akash", 1)
    assert body["rows"][0]["day"] == "2026-03-03" and body["rows"][0]["availability"] == 1.0
    assert set(body["missing"]) == {"earnings", "utilization", "price"}
    assert all(why.startswith("— ") for why in body["missing"].values())
    assert "earnings" not in body["rows"][0]   # never a zero in its place


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/v1/operators/nobody/history", 404, "no local-network operator"),
    (f"/api/v1/operators/{OPERATOR}/history?range=2W", 400, "range must be one of"),
    (f"/api/v1/operators/{OPERATOR}/history?limit=0", 400, "limit"),
    (f"/api/v1/operators/{OPERATOR}/history?limit=5000", 400, "limit"),
    (f"/api/v1/operators/{OPERATOR}/history?offset=-1", 400, "offset"),
    ("/api/v1/operators/a%27b/history", 400, "operator id"),
    ("/api/v1/providers/ionet/any/history", 404, "API token"),
    ("/api/v1/providers/nowhere/any/history", 404, "no real network"),
    ("/api/v1/providers/localnet/op-a/history", 404, "operators"),
    ("/api/v1/providers/akash/unknown1/history", 404, "no poll has observed"),
    ("/api/v1/providers/akash/a%3Cb/history", 400, "provider id"),
])
def test_bad_or_unknown_requests_answer_one_line(planted: FlaskClient, url: str, status: int, words: str) -> None:
    r = planted.get(url)
    assert r.status_code == status
    assert words in r.get_json()["error"]


def test_history_routes_are_read_only(planted: FlaskClient) -> None:
    r = planted.post(f"/api/v1/operators/{OPERATOR}/history")
    assert r.status_code == 405 and r.headers["Allow"] == "GET, HEAD"
