"""The SkyPilot catalog source against recorded-shape CSVs on a local server: exact per-GPU-hour prices, every data bug, faults."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from computescope.db import Database
from computescope.ingest.base import Payload, SchemaError
from computescope.ingest.http import HttpClient, HttpPolicy
from computescope.ingest.sources import clouds
from computescope.ingest.sources.clouds.settings import CLOUDS
from computescope.ingest.sources.clouds.transform import judged
from computescope.settings import Settings
from computescope.sources import replay_run, run_source
from tests.support.httpserver import FixtureServer, Reply, refused_url
from tests.support.ingest import FIXTURES, counts, run, run_row, settings_for

CATALOGS = FIXTURES / "clouds"


def catalog(cloud: str) -> bytes:
    return (CATALOGS / CLOUDS[cloud].version / cloud / "vms.csv").read_bytes()


def path_of(cloud: str) -> str:
    return f"/{CLOUDS[cloud].version}/{cloud}/vms.csv"


def serve(server: FixtureServer, **replaced: Reply | list[Reply]) -> None:
    for cloud in CLOUDS:
        replies = replaced.get(cloud, Reply(200, catalog(cloud), {"Content-Type": "text/csv"}))
        server.route(path_of(cloud), *(replies if isinstance(replies, list) else [replies]))


def prices(db: Database, **where: str) -> pl.DataFrame:
    frame = db.cursor().sql("select * from prices").pl()
    return frame.filter(**where) if where else frame


def one(db: Database, **where: str) -> float:
    rows = prices(db, **where)
    assert rows.height == 1, rows
    return rows["usd_per_gpu_hour"][0]


def payload(cloud: str, body: bytes | None = None) -> Payload:
    return Payload(f"{cloud}/vms.csv", f"http://catalog{path_of(cloud)}", catalog(cloud) if body is None else body, datetime.now(UTC))


def reasons(cloud: str, body: bytes | None = None) -> pl.DataFrame:
    typed = clouds.read_catalog(payload(cloud, body))
    assert typed is not None
    return judged(typed.lazy(), cloud).collect()


def reason(rows: pl.DataFrame, price_type: str, **where: str | None) -> str | None:
    """The reason of the one candidate price matching `where` (a None value matches an empty column)."""
    picked = rows.filter(pl.col("price_type") == price_type)
    for column, value in where.items():
        picked = picked.filter(pl.col(column).is_null() if value is None else pl.col(column) == value)
    assert picked.height == 1, picked
    return picked["reason"][0]


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    """One server for the module: `loaded` runs the source once for every test that reads its result."""
    with FixtureServer() as fixture_server:
        yield fixture_server


@pytest.fixture(scope="module")
def loaded(server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Settings, list[str]]]:
    serve(server)
    path = tmp_path_factory.mktemp("clouds") / "db.duckdb"
    db = Database(path)
    settings = settings_for(path, "clouds", server.url)
    start = len(server.requests)
    result = run(db, settings, "clouds")
    assert result.status == "success", result.error
    yield db, settings, [path for path, _, _ in server.requests[start:]]
    db.close()


@pytest.fixture
def fresh(tmp_path: Path, server: FixtureServer) -> Iterator[tuple[Database, Settings, FixtureServer]]:
    """A database that already holds one good run, to show a failing run loses nothing."""
    serve(server)
    db = Database(tmp_path / "db.duckdb")
    settings = settings_for(tmp_path / "db.duckdb", "clouds", server.url)
    assert run(db, settings, "clouds").status == "success"
    yield db, settings, server
    db.close()


def test_schema_versions_and_urls(loaded: tuple[Database, Settings, list[str]], server: FixtureServer) -> None:
    db, _, requested = loaded
    assert {cloud: spec.version for cloud, spec in CLOUDS.items()} == {
        "aws": "v9", "gcp": "v9", "azure": "v6", "lambda": "v9", "runpod": "v8", "vast": "v9", "fluidstack": "v9", "shadeform": "v8"}
    assert requested == [path_of(cloud) for cloud in CLOUDS]
    rows = prices(db)
    assert set(rows["provider"]) == set(CLOUDS)
    assert set(rows["provider_kind"]) == {"cloud"} and set(rows["source"]) == {"clouds"}
    for cloud in CLOUDS:
        urls = set(rows.filter(provider=cloud)["source_url"])
        assert urls == {server.url + path_of(cloud)}, cloud
    assert rows["observed_at"].null_count() == 0 and rows["usd_per_gpu_hour"].min() > 0


def test_aws_per_gpu_hour(loaded: tuple[Database, Settings, list[str]]) -> None:
    db = loaded[0]
    assert one(db, provider="aws", instance_type="p5.48xlarge", price_type="on_demand", zone="use1-az2") == pytest.approx(55.04 / 8)
    assert round(one(db, provider="aws", instance_type="p5.48xlarge", price_type="on_demand", zone="use1-az1"), 2) == 6.88
    assert one(db, provider="aws", instance_type="p4d.24xlarge", price_type="on_demand") == pytest.approx(21.957642 / 8)
    assert round(21.957642 / 8, 2) == 2.74
    assert one(db, provider="aws", instance_type="p5.48xlarge", price_type="spot", zone="use1-az2") == pytest.approx(18.734 / 8)
    # spot equal to on-demand in use1-az1 is a fill value, not a quote
    assert prices(db, provider="aws", instance_type="p5.48xlarge", price_type="spot", zone="use1-az1").is_empty()
    # no on-demand price for p5e, but its spot quote stands
    assert prices(db, provider="aws", instance_type="p5e.48xlarge", price_type="on_demand").is_empty()
    assert one(db, provider="aws", instance_type="p5e.48xlarge", price_type="spot") == pytest.approx(15.476 / 8)
    h100 = prices(db, provider="aws", instance_type="p5.48xlarge").row(0, named=True)
    assert (h100["gpu_model"], h100["vram_gb"], h100["gpu_count"], h100["region"]) == ("H100", 80.0, 8.0, "us-east-1")
    assert prices(db, provider="aws", instance_type="a1.large").is_empty()


def test_gcp_gpus_priced_with_their_host(loaded: tuple[Database, Settings, list[str]]) -> None:
    db = loaded[0]
    a100 = prices(db, provider="gcp", gpu_model="A100", price_type="on_demand").row(0, named=True)
    assert a100["instance_type"] == "a2-highgpu-8g" and a100["zone"] == "us-central1-a" and a100["vram_gb"] == 40.0
    assert a100["usd_per_gpu_hour"] == pytest.approx((23.47126 + 5.91582) / 8)
    assert round(a100["usd_per_gpu_hour"], 2) == 3.67
    assert one(db, provider="gcp", gpu_model="A100", price_type="spot") == pytest.approx((12.3192 + 3.10496) / 8)
    assert one(db, provider="gcp", gpu_model="H100", price_type="on_demand") == pytest.approx((33.60609 + 9.46006) / 8)
    # (42.7096 + 5.15632) / 8 = 5.98 spot against 5.38 on-demand: set aside
    assert prices(db, provider="gcp", gpu_model="H100", price_type="spot").is_empty()
    # T4 goes on the cheapest n1 with >= 4 vCPUs and >= 16 GiB: n1-highmem-4, not n1-standard-4 (15 GiB)
    t4 = prices(db, provider="gcp", gpu_model="T4", price_type="on_demand").row(0, named=True)
    assert t4["instance_type"] == "n1-highmem-4" and t4["usd_per_gpu_hour"] == pytest.approx(0.35 + 0.236606)
    assert prices(db, provider="gcp", gpu_model="L4").is_empty()  # no g2 host in its zone
    assert not prices(db, provider="gcp").filter(pl.col("gpu_model_raw").str.starts_with("tpu-")).height


def test_azure_catalog_fixes(loaded: tuple[Database, Settings, list[str]]) -> None:
    db = loaded[0]
    nd = prices(db, provider="azure", instance_type="Standard_ND96isr_H100_v5")
    assert nd.height == 1  # spot 98.32 equals on-demand: a fill value
    assert nd["gpu_count"][0] == 8.0 and nd["usd_per_gpu_hour"][0] == pytest.approx(98.32 / 8)
    assert round(nd["usd_per_gpu_hour"][0], 2) == 12.29
    nc = prices(db, provider="azure", instance_type="Standard_NC40ads_H100_v5").row(0, named=True)
    assert (nc["gpu_model"], nc["vram_gb"], nc["interface"], nc["gpu_model_raw"]) == ("H100 NVL", 94.0, "pcie", "H100")
    ncc = prices(db, provider="azure", instance_type="Standard_NCC40ads_H100_v5", price_type="on_demand").row(0, named=True)
    assert (ncc["gpu_model"], ncc["gpu_model_raw"], ncc["usd_per_gpu_hour"]) == ("H100 NVL", "H100 NVL", 6.98)
    assert one(db, provider="azure", instance_type="Standard_ND96asr_v4", price_type="on_demand") == pytest.approx(27.197 / 8)
    assert prices(db, provider="azure", instance_type="Standard_ND96asr_v4")["vram_gb"].to_list() == [40.0, 40.0]
    # half an MI25 for 1.118/h is 2.236 per GPU-hour; the westus row has no price at all
    mi25 = prices(db, provider="azure", instance_type="Standard_NV16as_v4", price_type="on_demand")
    assert mi25["region"].to_list() == ["southcentralus"] and mi25["usd_per_gpu_hour"][0] == pytest.approx(2.236)
    assert prices(db, provider="azure", instance_type="Standard_NC8ads_A10_v4").is_empty()
    assert set(prices(db, provider="azure")["zone"]) == {""}


def test_specialist_clouds(loaded: tuple[Database, Settings, list[str]]) -> None:
    db = loaded[0]
    lam = prices(db, provider="lambda", instance_type="gpu_8x_h100_sxm5")
    assert sorted(lam["region"]) == ["us-east-1", "us-west-3"] and set(lam["price_type"]) == {"on_demand"}
    assert lam["usd_per_gpu_hour"].to_list() == [pytest.approx(31.92 / 8)] * 2 and round(31.92 / 8, 2) == 3.99
    # Lambda's TotalGpuMemoryInMiB (40960 for eight A100s) is per GPU; SizeInMiB gives 40 GB
    assert prices(db, provider="lambda", instance_type="gpu_8x_a100")["vram_gb"][0] == 40.0
    vast = prices(db, provider="vast")
    assert set(vast["price_type"]) == {"on_demand"}  # SpotPrice 0.00 means no spot market
    assert one(db, provider="vast", instance_type="1x-RTX_4090-32-65536") == 0.40  # the cheaper of two identical offers
    assert prices(db, provider="vast", instance_type="1x-RTX_4090-32-65536")["region"][0] == "Sweden, SE, EU"
    assert one(db, provider="vast", instance_type="8x-RTX_4090-32-65536") == pytest.approx(2.77 / 8)
    assert prices(db, provider="vast", instance_type="8x-RTX_4090-32-65536")["region"][0] == ", US, NA"
    # Vast's SizeInMiB is the whole instance's memory: 163840 MiB over two A100s is 80 GB each
    a100 = prices(db, provider="vast", instance_type="2x-A100_SXM4-32-65536").row(0, named=True)
    assert (a100["vram_gb"], a100["usd_per_gpu_hour"]) == (80.0, pytest.approx(1.87 / 2))
    assert prices(db, provider="vast", instance_type="1x-A100_SXM4-32-65536")["vram_gb"][0] == 40.0
    runpod = prices(db, provider="runpod", instance_type="1x_A100-80GB_SECURE").sort("region")
    assert runpod.select("region", "zone", "price_type").rows() == [("IS", "EUR-IS-1", "on_demand"), ("US", "US-TX-3", "on_demand")]
    assert runpod["usd_per_gpu_hour"].to_list() == [1.39, 1.39] and set(runpod["vram_gb"]) == {80.0}
    assert one(db, provider="runpod", instance_type="1x_RTX4090_COMMUNITY", price_type="spot") == 0.34
    # Shadeform writes GB in SizeInMiB: 40 means a 40 GB A100
    denvr = prices(db, provider="shadeform", instance_type="denvr_A100-sxm4x8").row(0, named=True)
    assert (denvr["vram_gb"], denvr["usd_per_gpu_hour"], denvr["region"]) == (40.0, pytest.approx(1.4), "calgary-canada-1")
    assert one(db, provider="shadeform", instance_type="lambdalabs_H100-sxm5x8") == pytest.approx(3.99)
    fluid = prices(db, provider="fluidstack").row(0, named=True)
    assert (fluid["gpu_model"], fluid["region"], fluid["usd_per_gpu_hour"]) == ("H100", "FINLAND", pytest.approx(2.99))


def test_every_data_bug_has_its_reason() -> None:
    aws = reasons("aws")
    assert reason(aws, "spot", instance_type="p5.48xlarge", zone="use1-az1") == "spot_equals_on_demand"
    assert reason(aws, "on_demand", instance_type="p5e.48xlarge") == "no_price"
    assert reason(aws, "on_demand", instance_type="a1.large") == "cpu_only"
    gcp = reasons("gcp")
    assert reason(gcp, "spot", instance_type="a3-highgpu-8g", accelerator="H100") == "spot_above_on_demand"
    assert reason(gcp, "on_demand", instance_type=None, accelerator="L4") == "no_host"
    tpus = gcp.filter(pl.col("accelerator") == "tpu-v6e-1").sort("region")
    assert tpus["reason"].to_list() == ["placeholder", "placeholder", "tpu", "tpu"]
    assert set(reasons("vast").filter(price_type="spot")["reason"]) == {"zero_spot"}
    azure = reasons("azure")
    assert reason(azure, "spot", instance_type="Standard_ND96isr_H100_v5") == "spot_equals_on_demand"
    assert reason(azure, "on_demand", instance_type="Standard_NV16as_v4", region="westus") == "no_price"
    assert reason(azure, "on_demand", instance_type="Standard_NC8ads_A10_v4") == "cpu_only"
    assert azure.filter(pl.col("corrected"))["instance_type"].unique().sort().to_list() == [
        "Standard_NCC40ads_H100_v5", "Standard_ND96isr_H100_v5", "Standard_NV16as_v4"]


def test_set_aside_counts_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="computescope.ingest.sources.clouds"):
        clouds.parse([payload("gcp"), payload("vast")])
    gcp = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("clouds gcp"))
    assert "5 prices from 12 catalog rows" in gcp and "spot_above_on_demand 1" in gcp and "placeholder 2" in gcp
    vast = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("clouds vast"))
    assert "zero_spot 5" in vast and "duplicate 1" in vast


def test_columns_are_read_by_name_with_either_line_ending() -> None:
    text = catalog("lambda").decode()
    assert "\r\n" in text
    frame = pl.read_csv(catalog("lambda"), infer_schema_length=0)
    reordered = frame.select(list(reversed(frame.columns))).write_csv().replace("\n", "\r\n").encode()
    as_lf = text.replace("\r\n", "\n").encode()
    expected = clouds.parse([payload("lambda")])["prices"].drop("observed_at")
    for body in (reordered, as_lf):
        assert clouds.parse([payload("lambda", body)])["prices"].drop("observed_at").equals(expected)


def test_the_same_run_twice_adds_a_snapshot_without_duplicates(tmp_path: Path, server: FixtureServer) -> None:
    serve(server)
    db = Database(tmp_path / "db.duckdb")
    settings = settings_for(tmp_path / "db.duckdb", "clouds", server.url)
    first = run(db, settings, "clouds")
    assert first.status == "success" and first.rows_written == 39
    assert replay_run(db, first.run_id).rows_written == 0
    second = run(db, settings, "clouds")
    assert second.status == "success" and second.rows_written == first.rows_written
    dupes = db.cursor().execute(
        "select count(*) from (select provider, gpu_model, vram_gb, interface, region, zone, price_type, instance_type, observed_at"
        " from prices group by all having count(*) > 1)"
    ).fetchall()[0][0]
    assert dupes == 0 and counts(db)["prices"] == 78
    db.close()


def _fails(fresh: tuple[Database, Settings, FixtureServer], match: str, landed: int, **replaced: Reply | list[Reply]) -> None:
    """One cloud's catalog is broken: that resource fails by name, every other cloud loads in the same run (partial)."""
    db, settings, server = fresh
    (cloud,) = replaced
    serve(server, **replaced)
    result = run(db, settings, "clouds")
    row = run_row(db, result.run_id)
    assert result.status == "partial" and row["status"] == "partial", row["error"]
    assert match in str(row["error"]) and str(row["error"]).startswith(f"{cloud}/vms.csv: "), row["error"]
    assert {r.resource: r.status for r in result.resources} == {r.name: "failed" if r.name == f"{cloud}/vms.csv" else "loaded" for r in clouds.RESOURCES}
    assert row["landed"] == landed and row["rows"] == result.rows_written > 0
    from_cloud = db.cursor().execute("select count(*) from prices where run_id = ? and source_url like ?", [result.run_id, f"%/{cloud}/vms.csv"])
    assert from_cloud.fetchall() == [(0,)]


def test_server_error_on_one_cloud_fails_that_cloud_by_name(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    _fails(fresh, "gcp catalog: HTTP 500 (gave up after 3 attempts)", 7, gcp=Reply(500, b"oops"))


def test_truncated_file_fails_that_cloud(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    _fails(fresh, "azure catalog: response cut short", 7, azure=Reply(200, catalog("azure"), truncate_to=200))


def test_missing_column_fails_naming_it(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    without_price = pl.read_csv(catalog("aws"), infer_schema_length=0).drop("Price").write_csv().encode()
    _fails(fresh, "SchemaError: clouds: aws/vms.csv: field Price: missing from the header", 8, aws=Reply(200, without_price))


def test_renamed_field_fails_naming_it(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    renamed = catalog("lambda").replace(b"AcceleratorName", b"GpuName")
    _fails(fresh, "clouds: lambda/vms.csv: field AcceleratorName: missing from the header", 8, **{"lambda": Reply(200, renamed)})


def test_wrong_type_fails_naming_the_row(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    bad = catalog("runpod").replace(b"US,0.34,0.69", b"US,0.34,n/a")
    _fails(fresh, "runpod/vms.csv: field Price: cannot read 'n/a' as Float64 (data row 3)", 8, runpod=Reply(200, bad))


def test_connection_refused_fails_clearly(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.duckdb")
    result = run(db, settings_for(tmp_path / "db.duckdb", "clouds", refused_url()), "clouds")
    row = run_row(db, result.run_id)
    assert row["status"] == "failed" and "aws catalog: connection failed" in str(row["error"]) and row["landed"] == 0
    db.close()


def test_timeout_fails_clearly(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    db, settings, server = fresh
    before = counts(db)
    serve(server, aws=Reply(200, catalog("aws"), delay_s=0.5))
    impatient = HttpClient(HttpPolicy(connect_timeout_s=1.0, read_timeout_s=0.05, retries=0), sleep=lambda _s: None)
    result = run_source(db, settings, "clouds", http=impatient)
    assert result.status == "partial" and "aws catalog: timed out" in str(result.error)
    assert [r.resource for r in result.resources if r.status == "failed"] == ["aws/vms.csv"]
    assert counts(db)["prices"] == before["prices"] + result.rows_written


def test_429_with_retry_after_then_success(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    db, settings, server = fresh
    serve(server, vast=[Reply(429, b"", {"Retry-After": "2"}), Reply(200, catalog("vast"))])
    before = server.hits[path_of("vast")]
    result = run(db, settings, "clouds")
    assert result.status == "success" and result.rows_written == 39
    assert server.hits[path_of("vast")] - before == 2


def test_500_then_success(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    db, settings, server = fresh
    serve(server, shadeform=[Reply(500, b"busy"), Reply(200, catalog("shadeform"))])
    assert run(db, settings, "clouds").status == "success"


def test_empty_file_is_a_success_with_no_rows_for_that_cloud(fresh: tuple[Database, Settings, FixtureServer]) -> None:
    db, settings, server = fresh
    serve(server, vast=Reply(200, b""))
    result = run(db, settings, "clouds")
    assert result.status == "success" and result.rows_written == 39 - 4
    assert clouds.parse([payload("vast", b"")])["prices"].is_empty()
    header_only = catalog("vast").split(b"\r\n")[0] + b"\r\n"
    assert clouds.parse([payload("vast", header_only)])["prices"].is_empty()


def test_unknown_resource_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="not a catalog file of a known cloud"):
        clouds.parse([Payload("oracle/vms.csv", "http://x", b"a\n1\n", datetime.now(UTC))])
