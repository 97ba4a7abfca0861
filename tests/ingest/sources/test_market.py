"""Market source against a recorded-shape CoinGecko answer: one request, prices and supplies, partial answers."""

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

from computescope.db import Database
from computescope.ingest.sources.market.settings import COINS
from tests.support.httpserver import FixtureServer
from tests.support.ingest import counts, run
from tests.support.network_cases import serve, source_settings


def _supply(db: Database) -> dict[str, tuple]:
    rows = db.cursor().execute(
        "select symbol, network, price_usd, market_cap_usd, circulating, total, max_supply, observed_at, source_url"
        " from token_supply where source = 'market'"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _coin(coin_id: str, **fields: object) -> dict[str, object]:
    return {"id": coin_id, "symbol": "x", "current_price": 1.5, "last_updated": "2026-10-01T11:58:00.000Z", **fields}


def test_one_request_for_all_five_tokens(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "market")
    result = run(db, source_settings(tmp_path, "market", http_server.url), "market")
    assert result.status == "success" and result.rows_written == 5, result.error
    [(path, query, _headers)] = http_server.requests
    assert path == "/coins/markets"
    assert parse_qs(query) == {"vs_currency": ["usd"], "ids": [",".join(COINS)]}
    assert set(COINS) == {"akash-network", "io-net", "render-token", "aethir", "gensyn"}


def test_prices_and_supplies_per_token(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "market")
    run(db, source_settings(tmp_path, "market", http_server.url), "market")
    supply = _supply(db)
    assert set(supply) == {"AKT", "IO", "RENDER", "ATH", "AI"}
    assert supply["AKT"][:6] == ("akash", 0.5438, 158769894.0, 291956000.0, 291956000.0, None)
    assert supply["RENDER"][:6] == ("render", 2.41, 1249883211.0, 518590000.0, 533280000.0, 644245094.0)
    assert supply["ATH"][:6] == ("aethir", 0.03812, 412760345.0, 10828000000.0, 42000000000.0, 42000000000.0)
    assert supply["IO"][0] == "ionet" and supply["AI"][0] == "gensyn"
    assert supply["RENDER"][6] == datetime(2026, 10, 1, 11, 58, 41, 212000, tzinfo=UTC)  # observed_at = last_updated
    assert supply["IO"][7].startswith(http_server.url + "/coins/markets?vs_currency=usd&ids=")


def test_coins_missing_from_the_answer_are_simply_absent(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    http_server.json("/coins/markets", [_coin("render-token"), _coin("aethir", current_price=None), _coin("not-asked-for")])
    result = run(db, source_settings(tmp_path, "market", http_server.url), "market")
    assert result.status == "success" and result.rows_written == 2
    supply = _supply(db)
    assert set(supply) == {"RENDER", "ATH"}
    assert supply["ATH"][1] is None and supply["ATH"][5] is None  # CoinGecko's null is "not known", not an error


def test_a_coin_without_current_price_is_a_schema_error(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    coin = _coin("render-token")
    del coin["current_price"]
    http_server.json("/coins/markets", [coin])
    result = run(db, source_settings(tmp_path, "market", http_server.url), "market")
    assert result.status == "failed"
    assert result.error == "SchemaError: market: coins-markets: field [0].current_price: missing"


def test_running_twice_adds_nothing(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "market")
    settings = source_settings(tmp_path, "market", http_server.url)
    assert run(db, settings, "market").status == "success"
    before = counts(db)
    second = run(db, settings, "market")
    assert second.status == "success" and second.rows_written == 0 and counts(db) == before
