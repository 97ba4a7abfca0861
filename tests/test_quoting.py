"""Quotes from the database: golden figures on a small market, input errors, and one answer for CLI and API."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from computescope.cli import main
from computescope.db import Database
from computescope.ingest.load import load_frame
from computescope.quoting import QuoteInputError, parse_request, run_quote

T = datetime(2026, 11, 1, tzinfo=UTC)


def price(provider: str, kind: str, usd: float, region: str, *, price_type: str = "on_demand", gpus: float | None = 8,
          instance: str | None = None, model: str = "H100") -> dict:
    return {"provider": provider, "provider_kind": kind, "gpu_model": model, "gpu_model_raw": model, "vram_gb": 80.0,
            "interface": "sxm", "region": region, "zone": "", "price_type": price_type, "usd_per_gpu_hour": usd,
            "instance_type": instance, "gpu_count": gpus, "source": "test", "observed_at": T}


@pytest.fixture
def market(tmp_path: Path) -> Database:
    db = Database(tmp_path / "market.duckdb")
    cur = db.cursor()
    load_frame(cur, "prices", pl.DataFrame([
        price("aws", "cloud", 6.88, "us-east-1", instance="p5.48xlarge"),
        price("gcp", "cloud", 10.98, "us-east4", instance="a3-highgpu-8g"),
        price("lambda", "cloud", 3.99, "us-east-1", instance="gpu_8x_h100_sxm5"),
        price("vast", "cloud", 1.80, "Florida, US, NA", instance="1x-H100", gpus=1),
        price("akash", "network", 1.95, "", price_type="bid_median", gpus=None),
        price("ionet", "network", 2.10, "", price_type="list", gpus=None),
    ]), "r1")
    load_frame(cur, "gpu_inventory", pl.DataFrame([
        {"network": "akash", "gpu_model": "H100", "vram_gb": 80.0, "interface": "sxm", "measure": "available", "gpus": 20.0, "source": "test", "observed_at": T},
    ]), "r1")
    return db


def test_eight_h100_for_72_hours(market: Database) -> None:
    answer = run_quote(market, parse_request({"gpu": "h100", "count": 8, "hours": 72}))
    assert answer["status"] == "filled"
    ranked = [(o["provider"], o["total_usd"]) for o in answer["options"]]
    assert ranked == [("akash", pytest.approx(1123.20)), ("lambda", pytest.approx(2298.24)), ("aws", pytest.approx(3962.88)),
                      ("gcp", pytest.approx(6324.48))]
    assert answer["baseline"]["hyperscaler"]["provider"] == "aws"
    assert answer["baseline"]["cloud"]["provider"] == "lambda"
    assert answer["options"][0]["saving_vs_hyperscaler_usd"] == pytest.approx(3962.88 - 1123.20)
    # vast sells 1-GPU instances: 8 GPUs cannot share one node; io.net publishes no availability
    assert answer["rejected"] == {"capacity": 1, "capacity_unpublished": 1}


def test_regions_and_price_cap(market: Database) -> None:
    answer = run_quote(market, parse_request({"gpu": "H100", "count": 8, "hours": 10, "region": "us-east", "max_price": "5"}))
    assert [o["provider"] for o in answer["options"]] == ["lambda"]
    assert answer["rejected"]["region"] == 1 and answer["rejected"]["price"] == 2


def test_split_across_providers(market: Database) -> None:
    answer = run_quote(market, parse_request({"gpu": "H100", "count": 32, "hours": 1, "per_node": 8, "split": "true"}))
    fills = {f["provider"]: f["gpus"] for f in answer["allocation"]["fills"]}
    assert fills == {"akash": 16, "lambda": 16}  # akash has 20 free GPUs: two whole 8-GPU nodes
    assert answer["allocation"]["total_usd"] == pytest.approx(16 * 1.95 + 16 * 3.99)


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"gpu": "H1000", "count": 8, "hours": 1}, "closest known: H100"),
        ({"gpu": "", "count": 8, "hours": 1}, "gpu is required"),
        ({"gpu": "H100", "count": 0, "hours": 1}, "count must be a whole number from 1 to 4096"),
        ({"gpu": "H100", "count": 8, "hours": 0}, "hours must be a number from 0.01 to 8760"),
        ({"gpu": "H100", "count": 8, "hours": "soon"}, "hours must be a number"),
        ({"gpu": "H100", "count": 12, "hours": 1, "per_node": 8}, "multiple of per_node"),
        ({"gpu": "H100", "count": 8, "hours": 1, "region": "moon"}, "unknown region 'moon'"),
        ({"gpu": "H100", "count": 8, "hours": 1, "min_uptime": 2}, "min_uptime"),
        ({"gpu": "H100", "count": 8, "hours": 1, "split": "maybe"}, "split must be true or false"),
    ],
)
def test_bad_input_is_named(params: dict, needle: str) -> None:
    with pytest.raises(QuoteInputError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        parse_request(params)


def test_cli_api_and_service_agree(snapshot_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from computescope.explorer.app import create_app

    args = ["quote", "--gpu", "H100", "--count", "16", "--hours", "72", "--per-node", "8", "--split", "--json", "--db", str(snapshot_db.path)]
    client = create_app(snapshot_db).server.test_client()
    api = client.get("/api/v1/quote?gpu=H100&count=16&hours=72&per_node=8&split=true").get_json()
    assert main(args) == 0  # the CLI opens the same file; within one process DuckDB shares the instance
    cli = json.loads(capsys.readouterr().out)
    assert cli == api
    assert cli["status"] == "filled" and cli["allocation"]["gpus"] == 16


def test_api_errors(client_for_quotes) -> None:  # type: ignore[no-untyped-def]
    response = client_for_quotes.get("/api/v1/quote?gpu=H1000&count=8&hours=72")
    assert response.status_code == 400 and "closest known" in response.get_json()["error"]
    assert client_for_quotes.get("/api/v1/quote?gpu=H100&count=99999&hours=72").status_code == 400
    assert client_for_quotes.post("/api/v1/quote?gpu=H100&count=8&hours=72").status_code == 405


@pytest.fixture
def client_for_quotes(snapshot_db: Database):  # type: ignore[no-untyped-def]
    from computescope.explorer.app import create_app

    return create_app(snapshot_db).server.test_client()


def test_cli_bad_gpu_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quote", "--gpu", "H1000", "--count", "8", "--hours", "72", "--db", str(tmp_path / "q.duckdb")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "closest known: H100" in err[0]
