"""Each load of Akash's provider list is counted into provider_days: one sample per provider and poll, nothing for a replay."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from computescope.db import Database
from computescope.sources import replay_run
from tests.support.httpserver import FixtureServer
from tests.support.ingest import FIXTURES, run, settings_for


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "db.duckdb")
    yield db
    db.close()


def _days(db: Database) -> list[tuple[object, ...]]:
    return db.cursor().execute(
        "select provider, sum(samples), sum(online_samples) from provider_days "
        "where network = 'akash' group by provider order by provider").fetchall()


def test_every_poll_of_the_providers_counts_once_and_a_replay_adds_nothing(
    database: Database, tmp_path: Path, http_server: FixtureServer
) -> None:
    http_server.file("/v1/providers", FIXTURES / "akash" / "providers.json")   # the other resources fail: the run is partial
    settings = settings_for(tmp_path / "db.duckdb", "akash", http_server.url)
    first = run(database, settings, "akash")
    assert first.status == "partial" and [r.status for r in first.resources if r.resource == "providers"] == ["loaded"]
    once = _days(database)
    assert [(p[:12], samples, online) for p, samples, online in once] == [
        ("akash1cmp40h", 1, 1), ("akash1cpuonl", 1, 0), ("akash1h100sx", 1, 1), ("akash1rtx409", 1, 1)]
    assert replay_run(database, first.run_id).status == "success"   # what was landed loads again
    assert _days(database) == once
    run(database, settings, "akash")
    assert [(samples, online) for _, samples, online in _days(database)] == [(2, 2), (2, 0), (2, 2), (2, 2)]
