"""The public node reads: GET /api/v1/nodes with filters, sort and paging, and one node's detail; bad parameters are 400."""

from __future__ import annotations

import csv
import io
import time

from flask.testing import FlaskClient

from computescope.core.verification.signing import generate_key
from tests.support.verify import post, registration


def _register(client: FlaskClient, node_id: str, operator: str, gpus: list[dict[str, object]] | None = None) -> None:
    hardware = {"cpu_model": "AMD EPYC", "cpu_cores": 4, "memory_gb": 16.0, "gpus": gpus or []}
    response = post(client, "/api/v1/nodes/register", registration(generate_key(), node_id, now=time.time(), operator=operator, hardware=hardware))
    assert response.status_code == 201, response.get_json()


def test_list_filters_sorts_and_pages(client: FlaskClient) -> None:
    for i, op in enumerate(["ann", "bob", "ann"]):
        _register(client, f"box-{i}", op, [{"name": "RTX 4090"}] if i == 1 else None)
    response = client.get("/api/v1/nodes?operator=ann&sort=node_id&order=desc&limit=1&offset=1")
    assert response.status_code == 200 and response.headers["X-Total-Count"] == "2"
    assert [r["node_id"] for r in response.get_json()] == ["box-0"]
    assert [r["node_id"] for r in client.get("/api/v1/nodes?model=rtx4090").get_json()] == ["box-1"]
    assert [r["node_id"] for r in client.get("/api/v1/nodes?q=X-2").get_json()] == ["box-2"]
    assert client.get("/api/v1/nodes?status=registered").headers["X-Total-Count"] == "3"
    rows = client.get("/api/v1/nodes?network=localnet").get_json()
    assert all(r["source"] == "agent" and r["observed_at"].endswith("Z") and not isinstance(r["reputation"], (dict, list)) for r in rows)
    text = client.get("/api/v1/nodes?format=csv").get_data(as_text=True)
    assert [r["node_id"] for r in csv.DictReader(io.StringIO(text))] == ["box-0", "box-1", "box-2"]


def test_bad_parameters_are_400(client: FlaskClient) -> None:
    for query in ("network=moon", "sort=public_key;drop", "sort=secret", "order=sideways", "limit=0", "limit=5000", "offset=-1",
                  "status=asleep", "q=' or 1=1 --"):
        response = client.get(f"/api/v1/nodes?{query}")
        assert response.status_code == 400 and response.is_json, query


def test_node_detail(client: FlaskClient) -> None:
    _register(client, "box-0", "ann")
    body = client.get("/api/v1/nodes/localnet/box-0").get_json()
    assert body["node"]["node_id"] == "box-0" and body["node"]["status"] == "registered"
    assert set(body["availability"]) == {"1d", "7d", "30d"} and body["sla"]["target"] == 0.99
    assert body["challenges"][0]["state"] == "issued" and body["attestations"][0]["device"] == "cpu"
    assert {e["kind"] for e in body["events"]} == {"bond", "reputation"} and len(body["timeline"]) == 168
    assert client.get("/api/v1/nodes/localnet/nobody").status_code == 404
    assert client.get("/api/v1/nodes/moon/box-0").status_code == 400


def test_a_blank_model_filter_filters_nothing(client: FlaskClient) -> None:
    assert client.get("/api/v1/nodes?model=+&network=community").status_code == 200
