"""The five network sources as test cases: recorded routes, the route the faults break, and what an emptied document loads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from computescope.settings import Settings
from tests.support.httpserver import FixtureServer
from tests.support.ingest import FIXTURES, settings_for


@dataclass(frozen=True)
class Case:
    """What a source contributes to the fault matrix: its happy-path routes and the route the faults break."""

    source: str
    routes: dict[str, Path]
    broken: str
    record: Callable[[Any], dict[str, Any]]     # the entry of the broken document whose fields the faults change
    emptied: Callable[[Any], Any]               # the broken document with its list emptied
    field: str                                  # a field the parser needs
    repeatable: bool                            # observed_at comes from the payload: a second run adds nothing
    empty_counts: dict[str, int]                # table counts after a run on the emptied document, fresh database
    secrets: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    case.source: case
    for case in (
        Case(
            "render",
            {
                "/epoch-burn-stats-data.json": FIXTURES / "render" / "epoch-burn-stats-data.json",
                "/liability-epochs-data.json": FIXTURES / "render" / "liability-epochs-data.json",
            },
            "/epoch-burn-stats-data.json",
            lambda doc: doc["data"][0],
            lambda doc: {**doc, "data": []},
            "burnedRender",
            True,
            {"token_flows": 4, "network_facts": 4},
        ),
        Case(
            "aethir",
            {"/protocol/demand-metrics/historical-network-revenue": FIXTURES / "aethir" / "historical-network-revenue.json"},
            "/protocol/demand-metrics/historical-network-revenue",
            lambda doc: doc["dailyRevenue"][0],
            lambda doc: {**doc, "dailyRevenue": []},
            "usdValue",
            True,
            {"revenue": 0},
        ),
        Case(
            "gensyn",
            {
                "/api/round_and_stage": FIXTURES / "gensyn" / "round_and_stage.json",
                "/api/leaderboard": FIXTURES / "gensyn" / "leaderboard.json",
            },
            "/api/leaderboard",
            lambda doc: doc,
            lambda doc: {**doc, "leaders": [], "total": 0},
            "total",
            False,
            {"network_facts": 3},
        ),
        Case(
            "market",
            {"/coins/markets": FIXTURES / "market" / "coins_markets.json"},
            "/coins/markets",
            lambda doc: doc[0],
            lambda doc: [],
            "current_price",
            True,
            {"token_supply": 0},
        ),
        Case(
            "ionet",
            {
                "/v1/io-explorer/network/info": FIXTURES / "ionet" / "network_info.json",
                "/v1/io-explorer/network/market-snapshot": FIXTURES / "ionet" / "market_snapshot.json",
            },
            "/v1/io-explorer/network/market-snapshot",
            lambda doc: doc["data"][0],
            lambda doc: {**doc, "data": []},
            "idle",
            False,
            {"gpu_inventory": 3, "prices": 0},
            {"ionet_token": "t"},
        ),
    )
}
SOURCES = list(CASES)


def serve(server: FixtureServer, source: str) -> None:
    for path, file in CASES[source].routes.items():
        server.file(path, file)


def source_settings(tmp_path: Path, source: str, base_url: str) -> Settings:
    return settings_for(tmp_path / "test.duckdb", source, base_url, **CASES[source].secrets)
