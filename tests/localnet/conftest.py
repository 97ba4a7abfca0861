"""Local-network fixtures: settings on a temporary database, a small fixed-clock network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from computescope.db import Database
from computescope.localnet.sim.network import LocalNet, LocalNetConfig
from computescope.settings import Settings
from computescope.sources import load_settings

END_HOUR = 492_000  # a fixed clock: 2026-02-15 00:00 UTC, so every run sees the same hours
SMALL = LocalNetConfig(seed=7, nodes=60, start_hour=END_HOUR - 72, hours=72)


@pytest.fixture
def ln_settings(tmp_path: Path) -> Settings:
    return load_settings({"db": tmp_path / "localnet.duckdb"}, environ={})


@pytest.fixture
def ln_db(ln_settings: Settings) -> Iterator[Database]:
    database = Database(ln_settings.db_path)
    yield database
    database.close()


def run_days(config: LocalNetConfig) -> tuple[LocalNet, list]:
    """Run a network day by day (as a backfill does) and return it with its chunks."""
    net = LocalNet(config)
    from computescope.localnet.backfill import chunk_bounds

    return net, [net.run(h0, h1 - h0) for h0, h1 in chunk_bounds(config.start_hour, config.end_hour)]
