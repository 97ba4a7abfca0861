"""The Azure Retail Prices source against recorded-shape pages on a local server: paging, item rules, exact prices, faults."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import polars as pl
import pytest

from computescope.db import Database
from computescope.ingest.http import HttpClient, HttpPolicy
from computescope.ingest.sources.azure import settings as azure
from computescope.settings import Settings
from computescope.sources import replay_run, run_source
from tests.support.httpserver import FixtureServer, Reply, refused_url
from tests.support.ingest import FIXTURES, counts, run, run_row, settings_for

API_PATH = "/api/retail/prices"
LIVE_HOST = "https://prices.azure.com"


def page(number: int) -> dict[str, Any]:
    return json.loads((FIXTURES / "azure" / f"prices-page-{number}.json").read_text())


def reply(data: Any, **kwargs: Any) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json"}, **kwargs)


def on_server(data: dict[str, Any], server: FixtureServer) -> dict[str, Any]:
    """The page with its NextPageLink moved from the live host to the fixture server."""
    link = data["NextPageLink"]
    return {**data, "NextPageLink": link.replace(LIVE_HOST, server.url) if link else None}


def serve(server: FixtureServer, *replies: Reply) -> None:
    server.route(API_PATH, *(replies or (reply(on_server(page(1), server)), reply(page(2)))))


@pytest.fixture
def server(http_server: FixtureServer) -> FixtureServer:
    return http_server


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "db.duckdb")
    yield database
    database.close()


@pytest.fixture
def settings(tmp_path: Path, server: FixtureServer) -> Settings:
    return settings_for(tmp_path / "db.duckdb", "azure", server.url + API_PATH)


def prices(db: Database, **where: str) -> pl.DataFrame:
    frame = db.cursor().sql("select * from prices").pl()
    return frame.filter(**where) if where else frame


def one(db: Database, **where: str) -> dict[str, Any]:
    rows = prices(db, **where)
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def test_two_pages_give_exact_per_gpu_hour_prices(db: Database, settings: Settings, server: FixtureServer) -> None:
    serve(server)
    start = len(server.requests)
    result = run(db, settings, "azure")
    assert result.status == "success", result.error
    assert result.rows_written == 6 and run_row(db, result.run_id)["landed"] == 2
    (first_path, first_query, _), (second_path, second_query, _) = server.requests[start:]
    assert first_path == second_path == API_PATH
    assert parse_qs(first_query) == {"$filter": [azure.FILTER]}
    assert parse_qs(second_query)["$skip"] == ["1000"]

    a100 = one(db, instance_type="Standard_NC24ads_A100_v4", price_type="on_demand")
    assert (a100["usd_per_gpu_hour"], a100["gpu_model"], a100["vram_gb"], a100["interface"]) == (3.673, "A100", 80.0, "pcie")
    assert one(db, instance_type="Standard_NC24ads_A100_v4", price_type="spot")["usd_per_gpu_hour"] == 0.4444
    h100 = one(db, instance_type="Standard_ND96isr_H100_v5")
    assert (h100["gpu_count"], h100["usd_per_gpu_hour"], h100["price_type"]) == (8.0, pytest.approx(98.32 / 8), "on_demand")
    assert round(h100["usd_per_gpu_hour"], 2) == 12.29
    nvl = one(db, instance_type="Standard_NC40ads_H100_v5")
    assert (nvl["gpu_model"], nvl["vram_gb"], nvl["usd_per_gpu_hour"]) == ("H100 NVL", 94.0, 6.98)
    a10 = one(db, instance_type="Standard_NV12ads_A10_v5")  # a third of an A10
    assert (a10["gpu_count"], a10["usd_per_gpu_hour"], a10["region"]) == (pytest.approx(1 / 3), pytest.approx(0.454 * 3), "westeurope")
    assert one(db, instance_type="Standard_NC4as_T4_v3")["usd_per_gpu_hour"] == 0.526

    rows = prices(db)
    assert set(rows["provider"]) == {"azure"} and set(rows["source"]) == {"azure"} and set(rows["zone"]) == {""}
    assert set(rows["provider_kind"]) == {"cloud"} and rows["observed_at"].n_unique() == 1
    assert set(rows["source_url"]) <= {server.url + API_PATH + "?" + q for q in (first_query, second_query)}


def test_windows_low_priority_devtest_and_unknown_skus_are_set_aside(
    db: Database, settings: Settings, server: FixtureServer, caplog: pytest.LogCaptureFixture
) -> None:
    serve(server)
    with caplog.at_level(logging.INFO, logger="computescope.ingest.sources.azure"):
        assert run(db, settings, "azure").status == "success"
    assert set(prices(db)["instance_type"]) == {
        "Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5", "Standard_NC40ads_H100_v5", "Standard_NV12ads_A10_v5",
        "Standard_NC4as_T4_v3"}
    assert prices(db, instance_type="Standard_NC24ads_A100_v4").height == 2  # Linux on-demand and spot only
    summary = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("azure:"))
    assert summary == (
        "azure: 6 prices from 12 items on 2 pages; set aside: low_priority 1, not_consumption 1, not_gpu_family 1,"
        " not_hourly 1, unknown_gpu_sku 1, windows 1"
    )


def test_the_same_run_twice_adds_a_snapshot_without_duplicates(db: Database, settings: Settings, server: FixtureServer) -> None:
    serve(server)
    first = run(db, settings, "azure")
    assert replay_run(db, first.run_id).rows_written == 0
    serve(server)
    second = run(db, settings, "azure")
    assert second.status == "success" and second.rows_written == first.rows_written == 6
    dupes = db.cursor().execute(
        "select count(*) from (select instance_type, region, price_type, observed_at from prices group by all having count(*) > 1)"
    ).fetchall()[0][0]
    assert dupes == 0 and counts(db)["prices"] == 12


@pytest.fixture
def loaded_once(db: Database, settings: Settings, server: FixtureServer) -> dict[str, int]:
    serve(server)
    assert run(db, settings, "azure").status == "success"
    return counts(db)


def _fails(db: Database, settings: Settings, match: str, landed: int, before: dict[str, int]) -> None:
    result = run(db, settings, "azure")
    row = run_row(db, result.run_id)
    assert result.status == "failed" and row["status"] == "failed" and row["rows"] == 0
    assert match in str(row["error"]), row["error"]
    assert row["landed"] == landed and counts(db) == before


def test_truncated_page_fails_and_loads_nothing(
    db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]
) -> None:
    body = json.dumps(page(2)).encode()
    serve(server, reply(on_server(page(1), server)), Reply(200, body, truncate_to=len(body) // 2))
    _fails(db, settings, "response cut short", 1, loaded_once)


def test_missing_items_fails(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    serve(server, reply({"BillingCurrency": "USD", "NextPageLink": None, "Count": 0}))
    _fails(db, settings, "SchemaError: azure: page-001: field Items: missing", 1, loaded_once)


def test_missing_next_page_link_fails(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    data = page(2)
    del data["NextPageLink"]
    serve(server, reply(data))
    _fails(db, settings, "azure: page-001: field NextPageLink: missing", 1, loaded_once)


def test_renamed_item_field_fails_naming_it(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    data = page(2)
    data["Items"][1]["retail_price"] = data["Items"][1].pop("retailPrice")
    serve(server, reply(data))
    _fails(db, settings, "azure: page-001: field retailPrice: missing (item 2)", 1, loaded_once)


def test_wrong_price_type_fails_naming_the_row(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    data = on_server(page(1), server)
    data["Items"][2]["retailPrice"] = "n/a"
    serve(server, reply(data), reply(page(2)))
    _fails(db, settings, "azure: page-001: field retailPrice: cannot read 'n/a' as Float64 (data row 3)", 2, loaded_once)


def test_malformed_json_fails(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    serve(server, Reply(200, b'{"Items": [', {"Content-Type": "application/json"}))
    _fails(db, settings, "azure: page-001: malformed JSON", 1, loaded_once)


def test_next_page_link_off_the_api_host_is_not_followed(
    db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]
) -> None:
    serve(server, reply(page(1)))  # the recorded link still points at the live API
    start = len(server.requests)
    _fails(db, settings, "field NextPageLink: points away from the API host", 1, loaded_once)
    assert len(server.requests) - start == 1


def test_page_cap(
    db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(azure, "MAX_PAGES", 1)
    serve(server)
    _fails(db, settings, "azure: page-001: field NextPageLink: more pages after the 1-page cap", 1, loaded_once)


def test_a_repeated_next_page_link_fails(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    looping = on_server(page(1), server)
    serve(server, reply(looping))
    _fails(db, settings, "field NextPageLink: repeats an earlier page", 2, loaded_once)


def test_empty_items_is_a_success_with_no_rows(db: Database, settings: Settings, server: FixtureServer) -> None:
    serve(server, reply({"BillingCurrency": "USD", "Items": [], "NextPageLink": None, "Count": 0}))
    result = run(db, settings, "azure")
    assert result.status == "success" and result.rows_written == 0 and counts(db)["prices"] == 0


def test_500_then_success(db: Database, settings: Settings, server: FixtureServer) -> None:
    serve(server, Reply(500, b"busy"), reply(on_server(page(1), server)), reply(page(2)))
    result = run(db, settings, "azure")
    assert result.status == "success" and result.rows_written == 6


def test_429_with_retry_after_then_success(db: Database, settings: Settings, server: FixtureServer) -> None:
    serve(server, reply(on_server(page(1), server)), Reply(429, b"", {"Retry-After": "3"}), reply(page(2)))
    start = len(server.requests)
    result = run(db, settings, "azure")
    assert result.status == "success" and result.rows_written == 6 and len(server.requests) - start == 3


def test_timeout_fails_clearly(db: Database, settings: Settings, server: FixtureServer, loaded_once: dict[str, int]) -> None:
    serve(server, reply(on_server(page(1), server), delay_s=0.5))
    impatient = HttpClient(HttpPolicy(connect_timeout_s=1.0, read_timeout_s=0.05, retries=0), sleep=lambda _s: None)
    result = run_source(db, settings, "azure", http=impatient)
    assert result.status == "failed" and "timed out" in str(result.error) and counts(db) == loaded_once


def test_connection_refused_fails_clearly(db: Database, tmp_path: Path) -> None:
    result = run(db, settings_for(tmp_path / "db.duckdb", "azure", refused_url() + API_PATH), "azure")
    row = run_row(db, result.run_id)
    assert row["status"] == "failed" and "connection failed" in str(row["error"]) and row["landed"] == 0


def test_every_gpu_sku_names_a_gpu_and_a_positive_count() -> None:
    assert all(sku.startswith(azure.GPU_SKU_PREFIX) for sku in azure.GPU_SKUS)
    assert all(spec.count > 0 and spec.gpu for spec in azure.GPU_SKUS.values())
    assert azure.GPU_SKUS["Standard_ND96isr_H100_v5"].count == 8
