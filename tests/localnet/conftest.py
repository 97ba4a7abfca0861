"""Local-network fixtures: the source in the registry, settings on a temporary database, a small fixed-clock network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from computescope.core.localnet import LocalNet, LocalNetConfig
from computescope.db import Database
from computescope.ingest.sources import registry
from computescope.settings import Settings, load_settings

SPEC = registry.SourceSpec("localnet", "Local network (this explorer's core)", "", 0, "computescope.ingest.sources.localnet")
END_HOUR = 492_000  # a fixed clock: 2026-02-15 00:00 UTC, so every run sees the same hours
SMALL = LocalNetConfig(seed=7, nodes=60, start_hour=END_HOUR - 72, hours=72)


@pytest.fixture(autouse=True)
def localnet_source(monkeypatch: pytest.MonkeyPatch) -> None:
    if "localnet" not in registry.SOURCES:
        monkeypatch.setitem(registry.SOURCES, "localnet", SPEC)


@pytest.fixture
def ln_settings(tmp_path: Path, localnet_source: None) -> Settings:
    return load_settings({"db": tmp_path / "localnet.duckdb"}, environ={})


@pytest.fixture
def ln_db(ln_settings: Settings) -> Iterator[Database]:
    database = Database(ln_settings.db_path)
    yield database
    database.close()


def run_days(config: LocalNetConfig) -> tuple[LocalNet, list]:
    """Run a network day by day (as a backfill does) and return it with its chunks."""
    net = LocalNet(config)
    from computescope.localnet_backfill import chunk_bounds

    return net, [net.run(h0, h1 - h0) for h0, h1 in chunk_bounds(config.start_hour, config.end_hour)]
