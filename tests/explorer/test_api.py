"""The public v1 API contract: flat lists with source and observed_at, CSV on request, read-only, JSON errors."""

import csv
import io

import pytest
from flask.testing import FlaskClient

FIVE = ["aethir", "akash", "gensyn", "ionet", "render"]


def test_health(client: FlaskClient) -> None:
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok"
    assert any(s["source"] == "snapshot" and s["last_status"] == "success" for s in body["sources"])


def test_networks_lists_all_five_with_layer_and_token_model(client: FlaskClient) -> None:
    response = client.get("/api/v1/networks")
    assert response.status_code == 200
    rows = response.get_json()
    assert [r["network"] for r in rows] == FIVE
    for row in rows:
        assert row["layer"] and row["token_model"] and row["source"] == "snapshot"
        assert row["observed_at"].endswith("Z")
        assert all(not isinstance(v, (dict, list)) for v in row.values())


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/networks", "/api/v1/prices", "/api/v1/gpus", "/api/v1/tokens/AKT/supply", "/api/v1/health"])
def test_writes_are_refused(client: FlaskClient, method: str, path: str) -> None:
    response = getattr(client, method)(path, json={"name": "defaced"})
    assert response.status_code == 405
    assert response.is_json and "read-only" in response.get_json()["error"]
    assert client.get("/api/v1/networks").get_json()[0]["name"] != "defaced"


def test_unknown_routes_are_json_404(client: FlaskClient) -> None:
    for path in ("/api/v1/nope", "/api/v2/networks", "/api/v1/tokens"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path


def test_csv_on_every_list(client: FlaskClient) -> None:
    for path in ("/api/v1/networks", "/api/v1/prices", "/api/v1/gpus", "/api/v1/tokens/RENDER/supply"):
        response = client.get(path + "?format=csv")
        assert response.status_code == 200 and response.mimetype == "text/csv", path
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert rows and "source" in rows[0] and "observed_at" in rows[0], path
    assert client.get("/api/v1/networks?format=xml").status_code == 400


def test_prices_filters(client: FlaskClient) -> None:
    h100 = client.get("/api/v1/prices?model=H100").get_json()
    assert h100 and {r["gpu_model"] for r in h100} == {"H100"}
    clouds = client.get("/api/v1/prices?provider_kind=cloud").get_json()
    assert clouds and {r["provider_kind"] for r in clouds} == {"cloud"}
    aws = client.get("/api/v1/prices?provider=aws&model=h100").get_json()
    assert aws and all(r["provider"] == "aws" and r["usd_per_gpu_hour"] > 0 for r in aws)
    assert client.get("/api/v1/prices?provider_kind=moon").status_code == 400
    assert client.get("/api/v1/prices?model=' or 1=1 --").status_code == 400


def test_gpus_filters(client: FlaskClient) -> None:
    akash = client.get("/api/v1/gpus?network=akash").get_json()
    assert akash and {r["network"] for r in akash} == {"akash"}
    assert any(r["gpus"] == 378 for r in akash)
    assert client.get("/api/v1/gpus?network=nowhere").get_json() == []


def test_token_supply(client: FlaskClient) -> None:
    rows = client.get("/api/v1/tokens/render/supply").get_json()
    assert rows and {r["symbol"] for r in rows} == {"RENDER"}
    assert client.get("/api/v1/tokens/NOPE/supply").status_code == 404
    assert client.get("/api/v1/tokens/a$b/supply").status_code == 400


def test_openapi_describes_every_route(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/health", "/api/v1/networks", "/api/v1/gpus", "/api/v1/prices", "/api/v1/tokens/{symbol}/supply"} <= set(spec["paths"])


def test_revenue_and_burns(client: FlaskClient) -> None:
    revenue = client.get("/api/v1/revenue?network=aethir").get_json()
    assert revenue and {r["network"] for r in revenue} == {"aethir"} and all(r["usd"] > 0 for r in revenue)
    assert client.get("/api/v1/revenue?network=moon").status_code == 400
    burns = client.get("/api/v1/tokens/RENDER/burns").get_json()
    # one grain: the published weekly epochs, summing to the publication's own total
    assert len(burns) == 97 and {r["kind"] for r in burns} == {"published"} and all(r["epoch_id"] for r in burns)
    assert sum(r["amount_tokens"] for r in burns) == pytest.approx(799639.11010526)


LISTS = ["/api/v1/networks", "/api/v1/gpus", "/api/v1/prices", "/api/v1/revenue", "/api/v1/tokens/RENDER/supply",
         "/api/v1/tokens/RENDER/burns", "/api/v1/metrics", "/api/v1/checks"]


@pytest.mark.parametrize("path", LISTS)
def test_every_row_of_every_list_names_its_kind(client: FlaskClient, path: str) -> None:
    rows = client.get(path).get_json()
    if path != "/api/v1/checks":
        assert rows, path
    kinds = {"observed", "published", "simulated", "assumed", "self-reported"}
    assert all(r.get("kind") in kinds for r in rows if path != "/api/v1/checks"), path


def test_metrics_serve_each_shared_figure_once_with_kind_source_and_date(client: FlaskClient) -> None:
    rows = client.get("/api/v1/metrics").get_json()
    names = {r["name"] for r in rows}
    assert {"gpus_registered", "gpus_verified", "gpus_active", "gpu_utilization", "h100_price_usd_per_gpu_hour",
            "h100_hyperscaler_median_usd_per_gpu_hour", "token_model", "token_emission_next_year", "token_burned_total",
            "demand_coverage"} <= names
    keys = [(r["name"], r["network"], r["symbol"]) for r in rows]
    assert len(keys) == len(set(keys))
    (median,) = client.get("/api/v1/metrics?name=h100_hyperscaler_median_usd_per_gpu_hour").get_json()
    assert median["value"] == pytest.approx(6.93) and median["unit"] == "USD/GPU-h" and median["kind"] == "published"
    assert median["source"] == "snapshot" and median["observed_at"] == "2026-08-22T00:00:00Z"
    azure = client.get("/api/v1/metrics?name=h100_price_usd_per_gpu_hour&network=azure").get_json()
    assert [r["value"] for r in azure] == [pytest.approx(9.635)]
    io = client.get("/api/v1/metrics?name=token_model&network=ionet").get_json()
    assert [(r["symbol"], r["value"], r["value_text"]) for r in io] == [("IO", None, "emission + buy-back")]
    coverage = {r["symbol"]: r for r in client.get("/api/v1/metrics?name=demand_coverage").get_json()}
    assert coverage["RENDER"]["kind"] == "assumed"  # valued at a calibration price: no market price is ingested
    assert client.get("/api/v1/metrics?name=nope").status_code == 404
    assert client.get("/api/v1/metrics?name=DROP%20TABLE").status_code == 400
    assert "/api/v1/metrics" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_gpus_csv_with_early_null_columns(client: FlaskClient) -> None:
    response = client.get("/api/v1/gpus?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(client.get("/api/v1/gpus").get_json()) and rows[0]["kind"] == "published"


def test_simulate_returns_bands_for_bme_and_sfa(client: FlaskClient) -> None:
    body = client.get("/api/v1/tokens/RENDER/simulate?years=2&runs=50&seed=3&demand_growth=0.2").get_json()
    assert body["own_model"] == "bme" and set(body["models"]) == {"bme", "sfa"}
    supply = body["models"]["bme"]["bands"]["supply"]
    assert len(supply) == 2 * 52 and supply[-1]["year"] == 2.0
    assert all(b["p05"] <= b["p50"] <= b["p95"] for b in supply)
    assert body["models"]["bme"]["params"]["demand_growth"] == 0.2
    again = client.get("/api/v1/tokens/RENDER/simulate?years=2&runs=50&seed=3&demand_growth=0.2").get_json()
    assert again == body


@pytest.mark.parametrize(
    ("query", "needle"),
    [("years=21", "years must be between 1 and 20"), ("runs=1001", "runs must be between 1 and 1000"), ("years=0", "years"),
     ("demand_volatility=3", "demand_volatility"), ("price_model=moon", "price_model"), ("colour=red", "unknown parameter"),
     ("runs=lots", "runs must be a number")],
)
def test_simulate_rejects_out_of_range(client: FlaskClient, query: str, needle: str) -> None:
    response = client.get(f"/api/v1/tokens/AKT/simulate?{query}")
    assert response.status_code == 400 and needle in response.get_json()["error"]
