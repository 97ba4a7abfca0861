"""The akash source against a local server with recorded-shape Console payloads: figures, reruns and every fault."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from computescope.cli import main
from computescope.db import Database
from computescope.ingest.runner import RunResult
from computescope.ingest.tables import TABLES
from computescope.sources import replay_run
from tests.support.httpserver import FixtureServer, Reply, refused_url
from tests.support.ingest import FIXTURES, counts, run, run_row, settings_for

AKASH = FIXTURES / "akash"
ROUTES = {
    "/v1/gpu": "gpu.json",
    "/v1/gpu-prices": "gpu-prices.json",
    "/v1/gpu-breakdown": "gpu-breakdown.json",
    "/v1/providers": "providers.json",
    "/v1/dashboard-data": "dashboard-data.json",
    "/v1/network-capacity": "network-capacity.json",
    "/v1/graph-data/dailyUUsdSpent": "usd-spent.json",
}
RESOURCE_COUNT = len(ROUTES)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path / "db.duckdb")
    yield db
    db.close()


def fixture(name: str) -> Any:
    return json.loads((AKASH / name).read_text())


def serve(server: FixtureServer, **replace: Reply | tuple[Reply, ...]) -> None:
    """Every endpoint from its fixture file; `replace` maps a fixture file stem (gpu_prices) to other replies, in turn."""
    for path, name in ROUTES.items():
        key = name.removesuffix(".json").replace("-", "_")
        if key in replace:
            chosen = replace[key]
            server.route(path, *(chosen if isinstance(chosen, tuple) else (chosen,)))
        else:
            server.file(path, AKASH / name)


def as_json(data: Any) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json"})


def akash_run(database: Database, tmp_path: Path, base_url: str) -> RunResult:
    return run(database, settings_for(tmp_path / "db.duckdb", "akash", base_url), "akash")


def happy(database: Database, tmp_path: Path, server: FixtureServer) -> RunResult:
    serve(server)
    result = akash_run(database, tmp_path, server.url)
    assert result.status == "success", result.error
    return result


def rows(database: Database, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return database.cursor().execute(sql, list(params)).fetchall()


def value(database: Database, sql: str, *params: object) -> Any:
    found = rows(database, sql, *params)
    assert len(found) == 1, (sql, params, found)
    return found[0][0]


def duplicated_keys(database: Database) -> dict[str, int]:
    """Rows sharing a table's declared key (there must be none)."""
    out = {}
    for spec in TABLES.values():
        keys = ", ".join(spec.key)
        out[spec.name] = value(database, f"select count(*) from (select {keys} from {spec.name} group by all having count(*) > 1)")
    return {t: n for t, n in out.items() if n}


def resource_rows(database: Database, run_id: str) -> dict[str, tuple[str, str | None]]:
    """resource -> (status, error) recorded for a run."""
    return {r: (s, e) for r, s, e in rows(database, "select resource, status, error from ingest_run_resources where run_id = ?", run_id)}


def written_from(database: Database, run_id: str, url: str) -> int:
    """Rows of a run, in any fact table with a source URL, that came from `url`."""
    tables = ("gpu_inventory", "utilization", "prices", "revenue", "network_facts")
    return sum(value(database, f"select count(*) from {t} where run_id = ? and source_url = ?", run_id, url) for t in tables)


def merged_nodes(database: Database, run_id: str) -> int:
    """Nodes a run merged again (counted as written though the table keeps its size)."""
    return value(database, "select count(*) from nodes where run_id = ?", run_id)


def point_rows(database: Database, run_id: str) -> dict[str, int]:
    """Rows of a run observed at its fetch time (not dated by the payload): a rerun adds exactly these again."""
    started = value(database, "select started_at from ingest_runs where run_id = ?", run_id)
    return {
        t: value(database, f"select count(*) from {t} where run_id = ? and observed_at >= ?", run_id, started) if t != "nodes" else 0
        for t in counts(database)
    }


def test_happy_path_loads_exact_figures(database: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    result = happy(database, tmp_path, http_server)
    row = run_row(database, result.run_id)
    assert row == {"status": "success", "rows": sum(counts(database).values()), "error": None,
                   "base_url": http_server.url, "landed": RESOURCE_COUNT}
    assert http_server.requests[3][:2] == ("/v1/providers", "scope=all")
    assert not duplicated_keys(database)
    assert value(database, "select count(*) from nodes where source <> 'akash' or network <> 'akash'") == 0
    for table in ("gpu_inventory", "utilization", "prices", "revenue", "network_facts"):
        assert value(database, f"select count(*) from {table} where source <> 'akash' or source_url not like ?", f"{http_server.url}/v1/%") == 0

    def inventory(model: str, vram: float | None, interface: str | None, source: str = "/v1/gpu") -> dict[str, float]:
        found = rows(database, "select measure, gpus from gpu_inventory where gpu_model = ? and vram_gb is not distinct from ?"
                     " and interface is not distinct from ? and source_url = ?", model, vram, interface, http_server.url + source)
        return dict(found)

    # /v1/gpu: allocated 12 on 8 allocatable is capped (Console's LEAST), SXM5 and "sxm" rows are one variant,
    # the vendor-less RTX 4090 row joins the NVIDIA one, the 18446744073709551615-GPU RTX 3090 is rejected
    assert inventory("A100", 40.0, "sxm") == {"total": 8, "leased": 8, "available": 0}
    assert inventory("H100", 80.0, "sxm") == {"total": 104, "leased": 73, "available": 31}
    assert inventory("RTX 4090", 24.0, "pcie") == {"total": 60, "leased": 23, "available": 37}
    assert inventory("RTX 3090", 24.0, "pcie") == {}
    assert inventory("*", None, None) == {"total": 224, "leased": 138, "available": 86}
    assert value(database, "select max(gpus) from gpu_inventory") < 2**32
    # unknown names are kept as written, unclassified; a node without GPU rows is Console's "Unknown"
    assert rows(database, "select distinct gpu_model, gpu_model_raw, gpu_class from gpu_inventory where gpu_model in ('cmp40hx', 'Unknown')"
                " order by 1") == [("Unknown", "Unknown", None), ("cmp40hx", "cmp40hx", None)]
    assert inventory("cmp40hx", 8.0, "pcie") == {"total": 6, "leased": 0, "available": 6}
    # /v1/network-capacity: all models, provider-level, with the active provider count
    assert rows(database, "select measure, gpus, providers from gpu_inventory where source_url = ? order by measure",
                http_server.url + "/v1/network-capacity") == [("active", 268, 71), ("available", 158, 71), ("pending", 6, 71), ("total", 432, 71)]

    # /v1/gpu-breakdown: one row per model and day, observed at the day; utilization from the percentage Console sends as text
    h100_day = rows(database, "select utilization, used, capacity, period from utilization where gpu_model = 'H100' and observed_at = ?",
                    datetime(2025, 6, 19, tzinfo=UTC))
    assert h100_day == [(pytest.approx(0.6731), 70, 104, "day")]
    # 2025-06-20: NVIDIA h100 (96 GPUs, 73.96 %) and a vendor-less h100 (8, 25 %) are one model
    assert value(database, "select utilization from utilization where gpu_model = 'H100' and observed_at = ?",
                 datetime(2025, 6, 20, tzinfo=UTC)) == pytest.approx((0.7396 * 96 + 0.25 * 8) / 104)
    all_day = rows(database, "select used, capacity, utilization from utilization where gpu_model = '*' and period = 'day' and observed_at = ?",
                   datetime(2025, 6, 19, tzinfo=UTC))
    assert all_day == [(133, 218, pytest.approx((0.8542 * 48 + 0.6731 * 104 + 0.3667 * 60) / 218))]
    assert value(database, "select count(*) from utilization where gpu_model = 'Unknown'") == 0  # no GPUs, no ratio
    assert value(database, "select gpus from gpu_inventory where gpu_model = 'A100' and observed_at = ? and vram_gb is null",
                 datetime(2025, 6, 19, tzinfo=UTC)) == 48
    assert rows(database, "select providers, nodes from gpu_inventory where gpu_model = 'H100' and observed_at = ?",
                datetime(2025, 6, 20, tzinfo=UTC)) == [(10, 13)]
    points = dict(rows(database, "select resource, utilization from utilization where period = 'point'"))
    assert points == {"gpu": pytest.approx((268 + 6) / 432), "cpu": pytest.approx((7_350_000 + 120_000) / 17_300_000)}

    # /v1/gpu-prices availability: GPUs on nodes offering each model (total) and on nodes with room (available);
    # SXM5 and "sxm" are one variant, the 18446744073709551615-GPU RTX 3090 is dropped; all models add up to the published 84
    assert inventory("H100", 80.0, "sxm", "/v1/gpu-prices") == {"total": 104, "available": 31}
    assert inventory("A100", 80.0, "pcie", "/v1/gpu-prices") == {"total": 16, "available": 7}
    assert inventory("RTX 3090", 24.0, "pcie", "/v1/gpu-prices") == {}
    assert inventory("*", None, None, "/v1/gpu-prices") == {"total": 220, "available": 84}
    assert rows(database, "select providers from gpu_inventory where gpu_model = 'H100' and source_url = ? and measure = 'total'",
                http_server.url + "/v1/gpu-prices") == [(10,)]

    # /v1/gpu-prices: USD per GPU-hour per statistic, uakt beside it; null price and a 0.00 price give no rows
    median = rows(database, "select usd_per_gpu_hour, native_price, native_unit, gpu_count, provider, provider_kind, region, zone, gpu_model_raw"
                  " from prices where gpu_model = 'H100' and price_type = 'bid_median'")
    assert median == [(1.6, 1185185.19, "uakt", 1.0, "akash", "network", "", "", "h100")]
    h100 = dict(rows(database, "select price_type, usd_per_gpu_hour from prices where gpu_model = 'H100'"))
    assert h100 == {"bid_min": 1.18, "bid_max": 2.76, "bid_avg": 1.71, "bid_weighted_avg": 1.63, "bid_median": 1.6}
    assert value(database, "select count(*) from prices where gpu_model = 'A100' and vram_gb = 40") == 0
    assert value(database, "select count(*) from prices where gpu_model = 'T4'") == 0
    assert rows(database, "select native_price, native_unit from prices where gpu_model = 'RTX 4090' and price_type = 'bid_median'") == [(None, None)]
    assert value(database, "select usd_per_gpu_hour from prices where gpu_model = 'RTX 3090' and price_type = 'bid_median'") == 0.19
    assert value(database, "select usd_per_gpu_hour from prices where gpu_model = 'cmp40hx' and price_type = 'bid_min'") == 0.06

    # /v1/providers -> nodes, current state; no contact details
    nodes = {r[0]: r[1:] for r in rows(database, "select node_id, operator, name, region, country, gpu_model, vram_gb, interface, status,"
                                                   " uptime_1d, uptime_7d, uptime_30d from nodes")}
    assert nodes["akash1h100sxmexampleprovider0000000000000000"] == (
        "Example H100 Cloud", "provider.h100.example.com", "us-west", "US", "H100", 80.0, "sxm", "online", 1.0, 0.9987, 0.9921)
    assert nodes["akash1rtx4090exampleprovider000000000000000"][:6] == (
        "akash1rtx4090exampleprovider000000000000000", "rtx.example.net", "Ontario", "CA", "RTX 4090", 24.0)
    assert nodes["akash1cpuonlyexampleprovider00000000000000"] == (
        "akash1cpuonlyexampleprovider00000000000000", "cpu.example.org", "eu-central", "DE", None, None, None, "offline", 0.0, 0.4501, 0.7126)
    assert nodes["akash1cmp40hxexampleprovider00000000000000"][4] == "cmp40hx"
    assert "email" not in [c[0] for c in rows(database, "describe nodes")]
    assert value(database, "select count(*) from nodes where concat_ws('|', *columns(*)) like '%@%'") == 0

    # /v1/dashboard-data and the daily USD series: micro-USD / 1e6; revenue only for days with a known running total
    facts = {r[0]: r[1:] for r in rows(database, "select metric, value, unit, observed_at from network_facts")}
    block = datetime(2025, 6, 21, 11, 59, 54, 117000, tzinfo=UTC)
    assert facts["usd_spent_24h"] == (28456.78, "USD", block)
    assert facts["usd_spent_total"] == (9825695.42, "USD", block)
    assert facts["leases_active"] == (1284, "leases", block)
    assert facts["providers_active"][:2] == (71, "providers")
    revenue = rows(database, "select period_start, period, metric, usd from revenue order by period_start")
    assert revenue == [(date(2025, 6, 16), "day", "revenue", 27310.45), (date(2025, 6, 17), "day", "revenue", 26980.12),
                       (date(2025, 6, 20), "day", "revenue", 28456.78)]


def test_the_same_payloads_twice_add_nothing_and_a_rerun_adds_one_observation(
    database: Database, tmp_path: Path, http_server: FixtureServer
) -> None:
    first = happy(database, tmp_path, http_server)
    before = counts(database)
    replayed = replay_run(database, first.run_id)
    assert replayed.status == "success", replayed.error
    assert replayed.rows_written == before["nodes"]          # nodes are merged again, every fact is already there
    assert counts(database) == before

    second = akash_run(database, tmp_path, http_server.url)
    assert second.status == "success", second.error
    added = point_rows(database, first.run_id)
    assert counts(database) == {t: before[t] + added[t] for t in before}
    assert added["revenue"] == 0 and added["gpu_inventory"] == 27 + 16 + 4 and added["utilization"] == 2 and added["prices"] == 30
    assert rows(database, "select distinct run_id from nodes") == [(second.run_id,)]
    assert not duplicated_keys(database)


def _without(data: list[dict[str, Any]], index: int, field: str) -> list[dict[str, Any]]:
    data[index].pop(field)
    return data


def _renamed(data: list[dict[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    return [{(new if k == old else k): v for k, v in item.items()} for item in data]


def _changed(name: str, change: Callable[[Any], None]) -> Reply:
    data = fixture(name)
    change(data)
    return as_json(data)


def _set(path: tuple[str | int, ...], new: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for step in path[:-1]:
            data = data[step]
        data[path[-1]] = new
    return change


@dataclass(frozen=True)
class Fault:
    name: str
    replace: dict[str, Reply | tuple[Reply, ...]]   # fixture stem -> what its route answers, in turn (the last repeats)
    status: str
    error: str = ""                                 # text the run's error must contain
    landed: int = RESOURCE_COUNT                    # payloads kept raw: every one fetched, the bad one included
    refused: bool = False


FAULTS = (
    Fault("read timeout", {"providers": Reply(200, b"[]", delay_s=0.8)}, "partial", "/v1/providers: timed out", 6),
    Fault("connection refused", {}, "failed", "connection failed", 0, refused=True),
    Fault("500 every time", {"dashboard_data": Reply(500, b"internal error")}, "partial", "HTTP 500 (gave up after 3 attempts)", 6),
    Fault("truncated body", {"gpu_prices": Reply(200, (AKASH / "gpu-prices.json").read_bytes(), truncate_to=200)}, "partial", "cut short", 6),
    Fault("malformed JSON", {"gpu_breakdown": Reply(200, b'[{"date": "2025-06-18T00:00:00.000Z", "vendor": ')}, "partial",
          "akash: gpu_breakdown: malformed JSON"),
    Fault("missing field", {"providers": as_json(_without(fixture("providers.json"), 1, "isOnline"))}, "partial",
          "akash: providers: field [1].isOnline: missing"),
    Fault("renamed field", {"gpu_breakdown": as_json(_renamed(fixture("gpu-breakdown.json"), "totalGpus", "gpuCount"))}, "partial",
          "akash: gpu_breakdown: field [0].totalGpus: missing"),
    Fault("wrong type", {"gpu": _changed("gpu.json", _set(("gpus", "details", "nvidia", 7, "allocatable"), "58"))}, "partial",
          "akash: gpu: field gpus.details.nvidia[7].allocatable: expected a finite number, got text '58'"),
    Fault("percentage that is not a number", {"gpu_breakdown": _changed("gpu-breakdown.json", _set((6, "gpuUtilization"), "n/a"))},
          "partial", "akash: gpu_breakdown: field [6].gpuUtilization: expected a finite number, got text 'n/a'"),
    Fault("prices in another currency", {"gpu_prices": _changed("gpu-prices.json", _set(("models", 4, "price", "currency"), "EUR"))},
          "partial", "akash: gpu_prices: field models[4].price.currency: expected 'USD', got 'EUR'"),
    Fault("uptime as a percentage", {"providers": _changed("providers.json", _set((0, "uptime7d"), 99.87))}, "partial",
          "akash: providers: field [0].uptime7d: expected a fraction 0..1, got 99.87"),
    Fault("list missing", {"usd_spent": as_json({"currentValue": 1, "compareValue": 1})}, "partial", "akash: usd_spent: field snapshots: missing"),
    Fault("list for an object", {"dashboard_data": as_json([])}, "partial", "field (document): expected object, got list []"),
    Fault("429 with Retry-After, then success", {"gpu_prices": (Reply(429, b"slow down", {"Retry-After": "2"}),
                                                               Reply(200, (AKASH / "gpu-prices.json").read_bytes()))}, "success"),
    Fault("500 and 503, then success", {"network_capacity": (Reply(500, b"oops"), Reply(503, b"busy"),
                                                             Reply(200, (AKASH / "network-capacity.json").read_bytes()))}, "success"),
)


def test_every_fault_ends_with_a_clear_status_and_loses_nothing(
    database: Database, tmp_path: Path, http_server: FixtureServer, subtests: pytest.Subtests
) -> None:
    """One database lives through every fault in turn, after the happy path, as a scheduled source would."""
    first = happy(database, tmp_path, http_server)
    for fault in FAULTS:
        with subtests.test(fault=fault.name):
            before = counts(database)
            serve(http_server, **fault.replace)
            result = akash_run(database, tmp_path, refused_url() if fault.refused else http_server.url)
            row = run_row(database, result.run_id)
            assert row["status"] == result.status == fault.status, row["error"]
            assert row["landed"] == fault.landed  # the raw payloads fetched before the fault, the bad one included
            if fault.status == "failed":
                assert row["rows"] == 0 and fault.error in str(row["error"]) and "\n" not in str(row["error"]), row["error"]
                assert counts(database) == before
            elif fault.status == "partial":
                # the broken resource failed with its reason and wrote nothing; every other one loaded in the same run
                broken = next(iter(fault.replace))
                outcomes = resource_rows(database, result.run_id)
                assert {r: s for r, (s, _e) in outcomes.items()} == {r: "failed" if r == broken else "loaded" for r in outcomes}
                assert fault.error in str(outcomes[broken][1]) and str(row["error"]).startswith(f"{broken}: "), outcomes[broken]
                assert len(outcomes) == RESOURCE_COUNT and "\n" not in str(row["error"])
                path = next(p for p, n in ROUTES.items() if n.removesuffix(".json").replace("-", "_") == broken)
                assert written_from(database, result.run_id, http_server.url + path) == 0
                assert row["rows"] == sum(counts(database).values()) - sum(before.values()) + merged_nodes(database, result.run_id)
            else:
                added = point_rows(database, first.run_id)
                assert counts(database) == {t: before[t] + added[t] for t in before}
            assert not duplicated_keys(database)


def test_empty_lists_succeed_with_no_new_rows_from_them(database: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    empty = {
        "gpu": as_json({"gpus": {"total": {"allocatable": 0, "allocated": 0}, "details": {}}}),
        "gpu_prices": as_json({"availability": {"total": 0, "available": 0}, "models": []}),
        "gpu_breakdown": as_json([]),
        "providers": as_json([]),
        "usd_spent": as_json({"currentValue": 0, "compareValue": 0, "snapshots": []}),
    }
    happy(database, tmp_path, http_server)
    before = counts(database)
    serve(http_server, **empty)
    result = akash_run(database, tmp_path, http_server.url)
    assert result.status == "success", result.error
    after = counts(database)
    # only the two object endpoints observe anything: 4 capacity measures, 2 point utilizations, 1 fact at fetch time
    assert result.rows_written == 4 + 2 + 1
    assert {t: after[t] - before[t] for t in after} == {
        "nodes": 0, "gpu_inventory": 4, "utilization": 2, "prices": 0, "revenue": 0, "token_supply": 0, "token_flows": 0, "network_facts": 1,
    }


def test_the_current_day_waits_for_the_next_run(database: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    today = datetime.now(UTC).date()
    stamp = [f"{d.isoformat()}T00:00:00.000Z" for d in (today - timedelta(days=2), today - timedelta(days=1), today)]
    breakdown = [
        {"date": d, "vendor": "nvidia", "model": "h100", "providerCount": 9, "nodeCount": 12, "totalGpus": 96,
         "leasedGpus": 48, "gpuUtilization": "50.00"}
        for d in stamp
    ]
    spent = {"currentValue": 0, "compareValue": 0, "snapshots": [
        {"date": stamp[0], "value": 9_000_000_000_000}, {"date": stamp[1], "value": 30_000_000_000}, {"date": stamp[2], "value": 12_000_000_000}]}
    serve(http_server, gpu_breakdown=as_json(breakdown), usd_spent=as_json(spent))
    result = akash_run(database, tmp_path, http_server.url)
    assert result.status == "success", result.error
    days = rows(database, "select distinct observed_at::date from utilization where period = 'day' order by 1")
    assert days == [(today - timedelta(days=2),), (today - timedelta(days=1),)]
    assert rows(database, "select period_start, usd from revenue") == [(today - timedelta(days=1), 30_000.0)]


def test_cli_runs_the_source_against_a_mirror(tmp_path: Path, http_server: FixtureServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve(http_server)
    code = main(["ingest", "run", "akash", "--base-url", http_server.url, "--db", str(tmp_path / "cli.duckdb")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("akash: success in ") and " rows (run " in out


def test_gpu_prices_alone_loads_prices_and_inventory_and_the_run_reads_partial(
    database: Database, tmp_path: Path, http_server: FixtureServer
) -> None:
    """Every endpoint but /v1/gpu-prices answers 404: its prices and availability still load, the run says partial."""
    http_server.file("/v1/gpu-prices", AKASH / "gpu-prices.json")
    result = akash_run(database, tmp_path, http_server.url)
    assert result.status == "partial"
    outcomes = resource_rows(database, result.run_id)
    assert outcomes["gpu_prices"] == ("loaded", None)
    failed = {r: e for r, (s, e) in outcomes.items() if s == "failed"}
    assert set(failed) == {"gpu", "gpu_breakdown", "providers", "dashboard_data", "network_capacity", "usd_spent"}
    assert all("HTTP 404" in str(e) for e in failed.values()), failed
    row = run_row(database, result.run_id)
    assert row["status"] == "partial" and row["landed"] == 1 and row["rows"] == result.rows_written == 30 + 16
    assert str(row["error"]).startswith("gpu: FetchError: ") and "(and 5 more: " in str(row["error"])
    # min, median and max per model as published (statistics over each provider's best bid), USD per GPU-hour
    stats = rows(database, "select gpu_model, interface, price_type, usd_per_gpu_hour from prices"
                 " where price_type in ('bid_min', 'bid_median', 'bid_max') and gpu_model in ('H100', 'A100') order by 1, 2, 3")
    assert stats == [("A100", "pcie", "bid_max", 1.35), ("A100", "pcie", "bid_median", 0.95), ("A100", "pcie", "bid_min", 0.78),
                     ("A100", "sxm", "bid_max", 1.42), ("A100", "sxm", "bid_median", 1.24), ("A100", "sxm", "bid_min", 1.05),
                     ("H100", "sxm", "bid_max", 2.76), ("H100", "sxm", "bid_median", 1.6), ("H100", "sxm", "bid_min", 1.18)]
    inventory = rows(database, "select gpu_model, measure, gpus from gpu_inventory where gpu_model in ('H100', 'RTX 4090', '*') order by 1, 2")
    assert inventory == [("*", "available", 84), ("*", "total", 220), ("H100", "available", 31), ("H100", "total", 104),
                         ("RTX 4090", "available", 37), ("RTX 4090", "total", 58)]
