"""Aethir source against a recorded-shape revenue series: daily USD, dated by the day's end, no duplicates on re-runs."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from computescope.db import Database
from tests.support.httpserver import FixtureServer
from tests.support.ingest import counts, run, run_row
from tests.support.network_cases import serve, source_settings

PATH = "/protocol/demand-metrics/historical-network-revenue"


def _revenue(db: Database) -> dict[date, tuple]:
    rows = db.cursor().execute(
        "select period_start, usd, period, metric, observed_at, source_url from revenue where network = 'aethir' and source = 'aethir'"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_daily_network_revenue_in_usd(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "aethir")
    result = run(db, source_settings(tmp_path, "aethir", http_server.url), "aethir")
    assert result.status == "success" and result.rows_written == 4, result.error
    revenue = _revenue(db)
    assert {day: row[0] for day, row in revenue.items()} == {
        date(2025, 10, 27): 41235.87, date(2025, 10, 28): 39812.4, date(2025, 10, 29): 44107.12, date(2025, 10, 30): 38950.0,
    }
    usd, period, metric, observed, url = revenue[date(2025, 10, 27)]
    assert (period, metric, url) == ("day", "revenue", http_server.url + PATH)
    assert observed == datetime(2025, 10, 28, tzinfo=UTC)  # the day's figure is complete at the day's end


def test_running_twice_adds_nothing(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "aethir")
    settings = source_settings(tmp_path, "aethir", http_server.url)
    assert run(db, settings, "aethir").status == "success"
    before = counts(db)
    second = run(db, settings, "aethir")
    assert second.status == "success" and second.rows_written == 0 and counts(db) == before


def test_today_is_loaded_once_the_day_has_ended(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    today = datetime.now(UTC).date()
    http_server.json(PATH, {"dailyRevenue": [
        {"date": (today - timedelta(days=1)).isoformat(), "usdValue": 100.5},
        {"date": today.isoformat(), "usdValue": 12.0},
    ]})
    result = run(db, source_settings(tmp_path, "aethir", http_server.url), "aethir")
    assert result.status == "success" and set(_revenue(db)) == {today - timedelta(days=1)}
    assert run_row(db, result.run_id)["landed"] == 1  # today's partial figure stays in the raw landing


def test_a_date_that_is_not_a_date_is_a_schema_error(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    http_server.json(PATH, {"dailyRevenue": [{"date": "27/10/2025", "usdValue": 1.0}]})
    result = run(db, source_settings(tmp_path, "aethir", http_server.url), "aethir")
    assert result.status == "failed"
    assert result.error == "SchemaError: aethir: historical-network-revenue: field dailyRevenue[0].date: not a YYYY-MM-DD date: '27/10/2025'"
