"""Shared fixtures: settings on a temporary database, and one database holding the loaded snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from computescope.db import Database
from computescope.settings import Settings
from computescope.sources import load_settings, run_source
from tests.support.httpserver import FixtureServer


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"db": tmp_path / "test.duckdb"}, environ={})


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def snapshot_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("snapshot") / "snapshot.duckdb"
    database = Database(path)
    result = run_source(database, load_settings({"db": path}, environ={}), "snapshot")
    assert result.status == "success", result.error
    yield database
    database.close()


@pytest.fixture
def http_server() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server
