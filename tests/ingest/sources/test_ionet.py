"""io.net source: skipped without a token; with one, GPU counts kept apart, per-model inventory and list prices."""

import json
from pathlib import Path

from computescope.db import Database
from computescope.sources import replay_run
from tests.support.httpserver import FixtureServer, Reply
from tests.support.ingest import counts, run, run_row, settings_for
from tests.support.network_cases import serve, source_settings

SNAPSHOT = "/v1/io-explorer/network/market-snapshot"
SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.do-not-leak"


def _inventory(db: Database) -> dict[tuple[str, str], tuple]:
    rows = db.cursor().execute(
        "select gpu_model, measure, gpus, gpu_model_raw, vram_gb, interface, gpu_class from gpu_inventory where network = 'ionet' and source = 'ionet'"
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def _prices(db: Database) -> dict[str, tuple]:
    rows = db.cursor().execute(
        "select instance_type, gpu_model, vram_gb, usd_per_gpu_hour, price_type, provider, provider_kind, region, zone"
        " from prices where source = 'ionet'"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _loaded(db: Database, tmp_path: Path, server: FixtureServer) -> None:
    serve(server, "ionet")
    result = run(db, source_settings(tmp_path, "ionet", server.url), "ionet")
    assert result.status == "success", result.error


def test_without_a_token_the_run_is_skipped(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "ionet")
    result = run(db, settings_for(tmp_path / "test.duckdb", "ionet", http_server.url), "ionet")
    row = run_row(db, result.run_id)
    assert (row["status"], row["error"]) == ("skipped", "io.net explorer API needs COMPUTESCOPE_IONET_TOKEN; skipped")
    assert row["landed"] == 0 and http_server.requests == [] and sum(counts(db).values()) == 0


def test_registered_verified_and_active_are_kept_apart(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    _loaded(db, tmp_path, http_server)
    totals = {measure: row[0] for (model, measure), row in _inventory(db).items() if model == "*"}
    assert totals == {"registered": 1060312.0, "verified": 327014.0, "active": 1446.0}


def test_inventory_per_model_with_canonical_names(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    _loaded(db, tmp_path, http_server)
    inventory = _inventory(db)
    assert inventory[("H100", "total")] == (1520.0, "NVIDIA H100 80GB HBM3", 80.0, "sxm", "datacenter")
    assert inventory[("H100", "idle")][0] == 312.0 and inventory[("H100", "hired")][0] == 1208.0
    assert inventory[("RTX 4090", "idle")][:2] == (2270.0, "NVIDIA GeForce RTX 4090")
    assert inventory[("Tenstorrent Wormhole n300", "total")] == (16.0, "Tenstorrent Wormhole n300", None, None, None)  # kept, unclassed
    assert len(inventory) == 3 + 6 * 3


def test_list_prices_per_gpu_hour(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    _loaded(db, tmp_path, http_server)
    prices = _prices(db)
    assert prices["NVIDIA H100 80GB HBM3"] == ("H100", 80.0, 2.19, "list", "ionet", "network", "", "")
    assert prices["NVIDIA A100-SXM4-80GB"][:3] == ("A100", 80.0, 1.29)
    assert "Apple M4 Max" not in prices  # listed without a price
    assert len(prices) == 5


def test_the_documented_token_header_is_sent(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "ionet")
    run(db, settings_for(tmp_path / "test.duckdb", "ionet", http_server.url, ionet_token=SECRET), "ionet")
    assert [path for path, _q, _h in http_server.requests] == ["/v1/io-explorer/network/info", SNAPSHOT]
    for _path, _query, headers in http_server.requests:
        assert headers["Token"] == SECRET and headers["Origin"] == "https://explorer.io.net"


def test_a_refused_token_says_what_to_renew_and_never_shows_the_token(
    tmp_path: Path, db: Database, http_server: FixtureServer
) -> None:
    serve(http_server, "ionet")
    http_server.route(SNAPSHOT, Reply(401, b'{"detail":"token expired"}'))
    result = run(db, settings_for(tmp_path / "test.duckdb", "ionet", http_server.url, ionet_token=SECRET), "ionet")
    row = run_row(db, result.run_id)
    # the refused resource fails, the network info the token still reaches loads
    assert row["status"] == "partial" and "HTTP 401" in row["error"] and "COMPUTESCOPE_IONET_TOKEN" in row["error"]
    assert row["landed"] == 1  # network/info came back before the refusal and is kept
    in_runs = db.cursor().execute(
        "select count(*) from ingest_runs where contains(coalesce(error, ''), ?) or contains(coalesce(base_url, ''), ?)", [SECRET, SECRET]
    ).fetchall()
    in_landing = db.cursor().execute(
        "select count(*) from raw_landing where contains(url, ?) or contains(decode(body), ?)", [SECRET, SECRET]
    ).fetchall()
    assert in_runs == in_landing == [(0,)]


def test_listings_of_the_same_model_are_added_up(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "ionet")
    http_server.json(SNAPSHOT, {"data": [
        {"hardware_name": "NVIDIA GeForce RTX 4090", "price": 0.35, "total": 10, "idle": 4, "hired": 6},
        {"hardware_name": "GeForce RTX 4090", "price": 0.32, "total": 5, "idle": 5, "hired": 0},
    ]})
    assert run(db, source_settings(tmp_path, "ionet", http_server.url), "ionet").status == "success"
    inventory = _inventory(db)
    assert inventory[("RTX 4090", "total")][:2] == (15.0, "NVIDIA GeForce RTX 4090 | GeForce RTX 4090")
    assert inventory[("RTX 4090", "hired")][0] == 6.0
    assert {name: row[2] for name, row in _prices(db).items()} == {"NVIDIA GeForce RTX 4090": 0.35, "GeForce RTX 4090": 0.32}


def test_a_listing_named_twice_is_a_schema_error(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "ionet")
    entry = {"hardware_name": "NVIDIA L40S", "price": 0.9, "total": 1, "idle": 1, "hired": 0}
    http_server.route(SNAPSHOT, Reply(200, json.dumps({"data": [entry, entry]}).encode()))
    result = run(db, source_settings(tmp_path, "ionet", http_server.url), "ionet")
    assert result.error == "market-snapshot: SchemaError: ionet: market-snapshot: field data[1].hardware_name: 'NVIDIA L40S' is listed twice"


def test_each_run_is_one_snapshot_and_a_replay_adds_none(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "ionet")
    settings = source_settings(tmp_path, "ionet", http_server.url)
    first = run(db, settings, "ionet")
    once = counts(db)
    assert run(db, settings, "ionet").rows_written == first.rows_written
    assert counts(db) == {table: 2 * n for table, n in once.items()}
    assert replay_run(db, first.run_id).rows_written == 0
