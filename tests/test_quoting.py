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
from computescope.quoting.answer import run_quote as run_typed
from computescope.quoting.request import FIELDS, QuoteInputError, parse_request
from tests.support.server import running_server

T = datetime(2026, 11, 1, tzinfo=UTC)


def run_quote(db: Database, request) -> dict:  # type: ignore[no-untyped-def]
    return run_typed(db, request).to_dict()


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
    ranked = [(o["provider"], o["total_usd"], o["availability"]) for o in answer["options"]]
    assert ranked == [("akash", pytest.approx(1123.20), "20 × H100 free"), ("ionet", pytest.approx(1209.60), "availability unknown"),
                      ("lambda", pytest.approx(2298.24), "on demand at list price"), ("aws", pytest.approx(3962.88), "on demand at list price"),
                      ("gcp", pytest.approx(6324.48), "on demand at list price")]
    assert [o["firm"] for o in answer["options"]] == [True, False, True, True, True]
    assert answer["baseline"]["hyperscaler"]["provider"] == "aws"
    assert answer["baseline"]["cloud"]["provider"] == "lambda"
    assert answer["options"][0]["saving_vs_hyperscaler_usd"] == pytest.approx(3962.88 - 1123.20)
    assert answer["allocation"]["fills"][0]["provider"] == "akash"
    # vast sells 1-GPU instances: 8 GPUs cannot share one node; io.net publishes no availability, which is no rejection
    assert answer["rejected"] == [{"provider": "vast", "provider_name": "vast", "provider_kind": "cloud", "gpu_model": "H100", "offer": "1x-H100",
                                   "region": "Florida, US, NA", "offer_id": "vast:1x-H100:Florida, US, NA:sxm:80.0", "kind": "published", "reason": "capacity",
                                   "text": "1 × H100 per instance; 8 per node asked"}]
    assert answer["rejected_counts"] == {"capacity": 1}
    # what is bought: a cloud's instance, else the model with its form factor when the offer names one
    assert [(o["provider"], o["offer"]) for o in answer["options"]] == [
        ("akash", "H100 SXM"), ("ionet", "H100 SXM"), ("lambda", "gpu_8x_h100_sxm5"), ("aws", "p5.48xlarge"), ("gcp", "a3-highgpu-8g")]


def test_only_indicative_offers_fit(market: Database) -> None:
    answer = run_quote(market, parse_request({"gpu": "H100", "count": 32, "hours": 1, "per_node": 8, "max_price": "3"}))
    assert answer["status"] == "indicative" and answer["allocation"] is None
    assert [o["provider"] for o in answer["options"]] == ["ionet"]
    texts = {r["provider"]: r["text"] for r in answer["rejected"]}
    assert texts["akash"] == "only 20 × H100 free, room for 2 × 8; 32 asked"
    assert texts["aws"] == "$6.88 per GPU-hour, above the $3.00 cap"


def test_regions_and_price_cap(market: Database) -> None:
    answer = run_quote(market, parse_request({"gpu": "H100", "count": 8, "hours": 10, "region": "us-east", "max_price": "5"}))
    assert [o["provider"] for o in answer["options"]] == ["lambda"]
    assert answer["rejected_counts"] == {"region": 2, "price": 2, "capacity": 1}
    texts = {r["provider"]: r["text"] for r in answer["rejected"]}
    assert texts["akash"] == "no region published; us-east, us asked"
    assert texts["vast"] == "1 × H100 per instance; 8 per node asked"
    assert texts["gcp"] == "$10.98 per GPU-hour, above the $5.00 cap"


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
        ({"gpu": "H100", "count": 8, "hours": 1, "lambda": "0.5"}, "unknown parameter 'lambda'"),
        ({"gpu": "H100", "count": 8, "hours": 1, "region": [1]}, "region must list region names"),
    ],
)
def test_bad_input_is_named(params: dict, needle: str) -> None:
    with pytest.raises(QuoteInputError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        parse_request(params)


def test_cli_api_and_service_agree(snapshot_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from computescope.explorer.app import create_app

    args = ["quote", "--gpu", "H100", "--count", "16", "--hours", "72", "--per-node", "8", "--split", "--reputation-weight", "0.5",
            "--json", "--db", str(snapshot_db.path)]
    client = create_app(snapshot_db).server.test_client()
    api = client.get("/api/v1/quote?gpu=H100&count=16&hours=72&per_node=8&split=true&reputation_weight=0.5").get_json()
    assert main(args) == 0  # the CLI opens the same file; within one process DuckDB shares the instance
    cli = json.loads(capsys.readouterr().out)
    assert cli == api
    assert cli["status"] == "filled" and cli["allocation"]["gpus"] == 16 and cli["request"]["reputation_weight"] == 0.5
    kinds = {o["provider_kind"] for o in cli["options"]}
    assert kinds == {"network", "cloud"}


def test_one_definition_of_the_fields() -> None:
    request = parse_request({"gpu": "L40S", "count": "4", "hours": "2.5", "region": ["us-east", "eu-west"], "reputation_weight": "0.5"})
    assert request.region == ("us-east", "eu-west") and request.vram == 48.0 and request.per_node == 4
    assert parse_request(request.query()) == request
    assert parse_request({"gpu": "RTX 4090"}) == parse_request({"gpu": "RTX 4090", "count": 1, "hours": 1})
    assert [f.flag for f in FIELDS] == ["--gpu", "--count", "--hours", "--per-node", "--vram", "--region", "--max-price", "--min-uptime",
                                        "--reputation-weight", "--split"]


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


def test_cli_answers_beside_a_running_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "served.duckdb"
    with running_server(path, tmp_path / "serve.log") as url:
        assert (tmp_path / "served.duckdb.url").read_text().strip() == url
        assert main(["quote", "--gpu", "H100", "--count", "8", "--hours", "72", "--json", "--db", str(path)]) == 0
        served = json.loads(capsys.readouterr().out)
        assert served["status"] == "filled" and {o["provider_kind"] for o in served["options"]} >= {"network", "cloud"}
        assert main(["quote", "--gpu", "H1000", "--db", str(path)]) == 2
        assert "closest known: H100" in capsys.readouterr().err
        assert main(["ingest", "status", "--db", str(path)]) == 0
        status = capsys.readouterr().out
        assert "snapshot" in status and "success" in status
    assert not (tmp_path / "served.duckdb.url").exists()


def test_empty_database_says_how_to_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quote", "--gpu", "H100", "--db", str(tmp_path / "empty.duckdb")]) == 1
    assert "computescope ingest run snapshot" in capsys.readouterr().err
    assert main(["ingest", "status", "--db", str(tmp_path / "empty.duckdb")]) == 0
    assert "computescope ingest run snapshot" in capsys.readouterr().out
