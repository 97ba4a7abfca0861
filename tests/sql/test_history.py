"""Golden tests of the history rollups and queries: a few planted rows in, the exact daily history out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from computescope.db import Database
from tests.support.history import OPERATOR, PROVIDER, plant_operator, plant_provider, poll_provider

ALL = {"since_day": date(1970, 1, 1), "limit": None, "offset": 0}


@pytest.fixture
def planted(db: Database) -> Database:
    plant_operator(db)
    plant_provider(db)
    return db


def _rows(db: Database, name: str, params: dict[str, object], columns: list[str]) -> list[tuple[object, ...]]:
    return [tuple(r[c] for c in columns) for r in db.frame(name, params).iter_rows(named=True)]


def test_operator_history_is_each_day_of_its_rollup_against_the_market_for_its_models(planted: Database) -> None:
    columns = ["day", "earnings_usd", "utilization", "availability", "usd_per_gpu_hour", "market_usd_per_gpu_hour",
               "market_utilization", "nodes", "total", "kind", "source"]
    rows = _rows(planted, "operator_history", {"operator_id": OPERATOR, **ALL}, columns)
    assert rows == [
        (date(2026, 3, 3), 0.0, 0.0, 0.0, None, None, None, 2, 3, "simulated", "localnet"),
        (date(2026, 3, 2), 108.0, 0.25, 0.75, 1.5, 2.5, 0.1, 2, 3, "simulated", "localnet"),    # L40S is not its model
        (date(2026, 3, 1), 216.0, 0.5, 1.0, 1.5, 1.625, 0.4, 2, 3, "simulated", "localnet"),
    ]
    first = planted.frame("operator_history", {"operator_id": OPERATOR, **ALL}).row(0, named=True)
    assert first["ask_usd_per_gpu_hour"] == pytest.approx(20 / 12)   # (8 × 2.0 + 4 × 1.0) ÷ 12 GPUs
    assert first["observed_at"] == datetime(2026, 3, 4)              # the day's last simulated hour, ended


def test_operator_history_cuts_by_day_and_pages_with_the_total(planted: Database) -> None:
    params = {"operator_id": OPERATOR, "since_day": date(2026, 3, 2), "limit": 1, "offset": 1}
    assert _rows(planted, "operator_history", params, ["day", "earnings_usd", "total"]) == [(date(2026, 3, 2), 108.0, 2)]
    assert planted.frame("operator_history", {"operator_id": "nobody", **ALL}).is_empty()


def test_provider_polls_roll_up_per_day_and_a_replayed_poll_counts_nothing(planted: Database) -> None:
    poll_provider(planted, "2026-03-02T18:00:00+00:00", "online", 0.7, "replay-1")   # the same observation again
    columns = ["day", "samples", "availability", "uptime_1d", "market_usd_per_gpu_hour", "total", "kind", "source", "observed_at"]
    rows = _rows(planted, "provider_history", {"network": "akash", "provider": PROVIDER, **ALL}, columns)
    assert rows == [
        (date(2026, 3, 3), 1, 1.0, 0.8, None, 3, "observed", "akash", datetime(2026, 3, 3, 6, tzinfo=UTC)),
        (date(2026, 3, 2), 3, 2 / 3, 0.7, 1.5, 3, "observed", "akash", datetime(2026, 3, 2, 18, tzinfo=UTC)),
        (date(2026, 3, 1), 2, 0.5, 0.9, 1.4, 3, "observed", "akash", datetime(2026, 3, 1, 18, tzinfo=UTC)),
    ]


def test_provider_index_has_each_provider_with_its_days_and_online_share(planted: Database) -> None:
    poll_provider(planted, "2026-03-03T07:00:00+00:00", "offline", 0.1, "run-other", provider="akash1other")
    columns = ["provider", "name", "operator", "gpu_model", "days", "first_day", "last_day", "availability", "uptime_1d", "total"]
    rows = _rows(planted, "provider_index", {"network": "akash", "provider": None, "limit": None, "offset": 0}, columns)
    assert rows == [
        ("akash1other", "provider.acme.example", "Acme Compute", "H100", 1, date(2026, 3, 3), date(2026, 3, 3), 0.0, 0.1, 2),
        (PROVIDER, "provider.acme.example", "Acme Compute", "H100", 3, date(2026, 3, 1), date(2026, 3, 3), 4 / 6, 0.8, 2),
    ]
    assert planted.frame("provider_index", {"network": "ionet", "provider": None, "limit": None, "offset": 0}).is_empty()
