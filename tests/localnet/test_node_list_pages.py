"""A page of the node list sorted and filtered by node_keys alone is chosen first and computed alone: the same rows and
total as computing every node and then paging."""

from __future__ import annotations

from typing import Any

import pytest
from polars.testing import assert_frame_equal

from computescope.db import Database
from computescope.localnet.live import LiveNet, LiveSettings
from computescope.sources import load_settings
from computescope.verify import reads
from computescope.verify.reads import NodeQuery, list_nodes

NOW = 1_771_000_000.0  # a fixed wall clock, 2026-02-13 16:26 UTC
SEARCH = {"search": {"filterType": "text", "type": "contains", "filter": "00"}}
PAGES: list[dict[str, Any]] = [
    {},
    {"sort": [("node_id", "desc")], "limit": 7, "offset": 5},
    {"sort": [("operator", "asc"), ("gpu_count", "desc")], "limit": 10, "offset": 3},
    {"query": NodeQuery(network="localnet"), "sort": [("registered_at", "desc")], "limit": 4},
    {"filter_model": SEARCH, "limit": 5, "offset": 2},
    {"filter_model": {"gpu_count": {"type": "greaterThanOrEqual", "filter": 4}}, "sort": [("cpu_cores", "desc")], "limit": 6},
    {"offset": 10_000},
    # computed columns: these compute every node first, whatever the path
    {"sort": [("availability_7d", "desc")], "limit": 5},
    {"filter_model": {"status": {"filterType": "text", "type": "equals", "filter": "verified"}}, "limit": 5},
]


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Database:
    settings = load_settings({"db": tmp_path_factory.mktemp("pages") / "ln.duckdb"}, environ={})
    db = Database(settings.db_path)
    LiveNet(db, settings, LiveSettings(nodes=40, bootstrap_days=2, seed=9)).tick(NOW)
    return db


@pytest.mark.parametrize("page", PAGES, ids=range(len(PAGES)))
def test_a_page_chosen_from_node_keys_equals_the_page_of_every_node(fleet: Database, page: dict[str, Any],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    chosen, total = list_nodes(fleet, now=NOW, **page)
    monkeypatch.setattr(reads, "KEY_SORTS", frozenset())  # every page computed over all nodes, then cut
    every, every_total = list_nodes(fleet, now=NOW, **page)
    assert total == every_total and total > 0
    assert_frame_equal(chosen, every)
    if page.get("offset", 0) < total:
        assert chosen.height > 0
