"""Local-network fixtures: settings on a temporary database, a small fixed-clock network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from computescope.db import Database
from computescope.settings import Settings
from computescope.sources import load_settings


@pytest.fixture
def ln_settings(tmp_path: Path) -> Settings:
    return load_settings({"db": tmp_path / "localnet.duckdb"}, environ={})


@pytest.fixture
def ln_db(ln_settings: Settings) -> Iterator[Database]:
    database = Database(ln_settings.db_path)
    yield database
    database.close()
