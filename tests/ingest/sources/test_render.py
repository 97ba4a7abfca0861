"""Render source against recorded-shape stats files: burns and emissions per epoch, units, no duplicates on re-runs."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from computescope.db import Database
from tests.support.httpserver import FixtureServer
from tests.support.ingest import counts, run, run_row
from tests.support.network_cases import serve, source_settings


def _flows(db: Database, flow: str) -> dict[tuple[str, str], tuple]:
    rows = db.cursor().execute(
        "select epoch_id, channel, amount_tokens, amount_usd, period_start, period_end, observed_at, source_url"
        " from token_flows where symbol = 'RENDER' and network = 'render' and source = 'render' and flow = ?",
        [flow],
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


@pytest.fixture
def loaded(db: Database, tmp_path: Path, http_server: FixtureServer) -> Database:
    serve(http_server, "render")
    result = run(db, source_settings(tmp_path, "render", http_server.url), "render")
    assert result.status == "success", result.error
    return db


def test_burns_per_epoch_in_tokens_and_usd(loaded: Database, http_server: FixtureServer) -> None:
    burns = _flows(loaded, "burn")
    assert set(burns) == {("1", ""), ("2", ""), ("95", ""), ("96", "")}
    tokens, usd, start, end, observed, url = burns[("1", "")]
    assert tokens == 14998.5 and usd == 75489.99875855217
    assert start == datetime(2023, 12, 20, tzinfo=UTC) and end == datetime(2023, 12, 27, tzinfo=UTC)
    assert observed == end  # the figure describes the epoch, so it is dated by the epoch's end
    assert url == http_server.url + "/epoch-burn-stats-data.json"
    assert burns[("96", "")][:2] == (9624.726594060003, 24632.707414713335)


def test_usd_is_whole_dollars_and_total_render_used_stays_out(loaded: Database) -> None:
    tokens, usd = _flows(loaded, "burn")[("1", "")][:2]
    assert 4.0 < usd / tokens < 6.0  # ~$5 per RENDER in Dec 2023: whole USD(C), not base units
    kept = loaded.cursor().execute("select count(*) from token_flows where amount_tokens in (288038.05, 49027.97)").fetchall()
    assert kept == [(0,)]  # totalRenderUsed has no documented meaning


def test_emission_due_is_amount_due_over_1e8_per_epoch_and_channel(loaded: Database) -> None:
    due = _flows(loaded, "emission_due")
    assert set(due) == {("96", "node_operator"), ("96", "availability"), ("95", "node_operator"), ("95", "availability")}
    assert due[("96", "node_operator")][0] == 1499999999873 / 1e8
    assert due[("96", "availability")][0] == 288461538406 / 1e8
    assert due[("95", "node_operator")][0] == 1499999999877 / 1e8
    assert due[("96", "node_operator")][1] is None
    assert due[("96", "node_operator")][0] == pytest.approx(15_000, abs=1e-5)  # the RNP-013 weekly node pool


def test_network_facts_per_epoch(loaded: Database) -> None:
    rows = loaded.cursor().execute(
        "select metric, observed_at, value, unit from network_facts where network = 'render' and source = 'render'"
    ).fetchall()
    assert {(m, o.date().isoformat()): (v, u) for m, o, v, u in rows} == {
        ("wallets_paid_per_epoch", "2025-10-22"): (3.0, "wallets"),
        ("wallets_paid_per_epoch", "2025-10-15"): (2.0, "wallets"),
        ("obh_per_epoch", "2025-10-22"): (41446 + 106168 + 189, "OctaneBench-hours"),
        ("obh_per_epoch", "2025-10-15"): (65539 + 167710, "OctaneBench-hours"),
    }


def test_running_twice_adds_nothing(loaded: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    before = counts(loaded)
    assert before["token_flows"] == 8 and before["network_facts"] == 4
    second = run(loaded, source_settings(tmp_path, "render", http_server.url), "render")
    assert second.status == "success" and second.rows_written == 0
    assert counts(loaded) == before


def test_an_epoch_still_running_waits_until_it_ends(db: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    http_server.json("/epoch-burn-stats-data.json", {"data": [
        {"id": 1, "startDate": "2023-12-20T00:00:00Z", "endDate": "2023-12-27T00:00:00Z", "burnedRenderUSDCAmt": 10.0, "burnedRender": 2.0},
        {"id": 999, "startDate": "2099-01-01T00:00:00Z", "endDate": "2099-01-08T00:00:00Z", "burnedRenderUSDCAmt": 1.0, "burnedRender": 1.0},
    ]})
    http_server.json("/liability-epochs-data.json", {"data": {"epochs": []}})
    result = run(db, source_settings(tmp_path, "render", http_server.url), "render")
    assert result.status == "success" and result.rows_written == 1
    assert set(_flows(db, "burn")) == {("1", "")}
    assert run_row(db, result.run_id)["landed"] == 2  # the running epoch stays in the raw landing for later runs
