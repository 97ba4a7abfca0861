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
