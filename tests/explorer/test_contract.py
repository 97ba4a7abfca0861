"""The HTTP contract: refused methods are 405 with the route's Allow, and malformed Dash callback requests are 4xx, never 500."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

READ_ROUTES = ("/api/v1/health", "/api/v1/networks", "/api/v1/gpus", "/api/v1/prices", "/api/v1/revenue", "/api/v1/nodes",
               "/api/v1/tokens/AKT/supply", "/api/v1/tokens/AKT/simulate", "/api/v1/openapi.json", "/api/v1/nodes/localnet/n1")
WRITE_ROUTES = ("/api/v1/nodes/register", "/api/v1/reports")
REFUSED = ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


@pytest.mark.parametrize("path", READ_ROUTES)
def test_read_routes_refuse_every_other_method_with_allow(client: FlaskClient, path: str) -> None:
    for method in REFUSED:
        response = client.open(path, method=method)
        assert response.status_code == 405, (path, method)
        assert response.headers["Allow"] == "GET, HEAD" and response.get_json()["status"] == 405
    assert client.head(path).status_code == client.get(path).status_code


@pytest.mark.parametrize("path", WRITE_ROUTES)
def test_write_routes_take_only_post(client: FlaskClient, path: str) -> None:
    for method in ("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"):
        response = client.open(path, method=method)
        assert response.status_code == 405 and response.headers["Allow"] == "POST", method


DEEP: object = []
for _ in range(100):
    DEEP = [DEEP]
NAVBAR = {"output": "shell.navbar", "outputs": {"id": "shell", "property": "navbar"},
          "inputs": [{"id": "shell-burger", "property": "opened", "value": True}],
          "state": [{"id": "shell", "property": "navbar", "value": {"width": 220, "collapsed": {"mobile": True}}}],
          "changedPropIds": ["shell-burger.opened"]}


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({k: v for k, v in NAVBAR.items() if k != "output"}),  # KeyError 'output' inside Dash
        "{not json",
        "[" * 5000 + "]" * 5000,  # RecursionError in the parser
        json.dumps({**NAVBAR, "inputs": [{"id": "shell-burger", "property": "opened", "value": DEEP}]}),  # parses, but too deep
        json.dumps({**NAVBAR, "inputs": []}),  # IndexError inside Dash
        json.dumps({**NAVBAR, "inputs": "x"}),  # TypeError inside Dash
        json.dumps({**NAVBAR, "output": "nope.children"}),
        json.dumps({**NAVBAR, "outputs": None}),
        json.dumps([NAVBAR]),
        json.dumps(NAVBAR),  # a clientside callback: the server has no function for it
        "null",
        "",
    ],
)
def test_malformed_callback_requests_are_400(client: FlaskClient, body: str) -> None:
    client.get("/_dash-layout")
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400 and response.is_json


def test_an_oversized_callback_request_is_413(client: FlaskClient) -> None:
    response = client.post("/_dash-update-component", data="x" * ((1 << 20) + 1), content_type="application/json")
    assert response.status_code == 413


def test_a_well_formed_callback_still_runs(client: FlaskClient) -> None:
    client.get("/_dash-layout")
    body = {"output": "localnet-events-body.children", "outputs": {"id": "localnet-events-body", "property": "children"},
            "inputs": [{"id": "localnet-events-refresh", "property": "n_intervals", "value": 1}], "changedPropIds": []}
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:200]


def test_a_callback_sent_values_it_cannot_use_is_400_not_500(client: FlaskClient) -> None:
    client.get("/_dash-layout")
    body = {"output": "..provider-availability-graph.figure...provider-market-graph.figure...{\"grid\":\"provider-history-grid\","
                      "\"type\":\"grid\"}.rowData...provider-history-api.href..",
            "outputs": [{"id": "provider-availability-graph", "property": "figure"}, {"id": "provider-market-graph", "property": "figure"},
                        {"id": {"grid": "provider-history-grid", "type": "grid"}, "property": "rowData"},
                        {"id": "provider-history-api", "property": "href"}],
            "inputs": [{"id": "provider-range", "property": "value", "value": "1M"}],
            "state": [{"id": "provider-key", "property": "data", "value": None}], "changedPropIds": []}
    response = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "cannot use the values sent (TypeError)" in response.get_json()["error"]


def _rows_request(filter_model: object) -> str:
    return json.dumps({"output": "..nodes-grid.getRowsResponse...nodes-count.children..",
                       "outputs": [{"id": "nodes-grid", "property": "getRowsResponse"}, {"id": "nodes-count", "property": "children"}],
                       "inputs": [{"id": "nodes-grid", "property": "getRowsRequest",
                                   "value": {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": filter_model}}],
                       "changedPropIds": ["nodes-grid.getRowsRequest"]})


def test_grid_filters_are_bounded(client: FlaskClient) -> None:
    client.get("/_dash-layout")
    one = {"filterType": "text", "type": "contains", "filter": "x"}
    ok = client.post("/_dash-update-component", data=_rows_request({"node": one}), content_type="application/json")
    assert ok.status_code == 200
    many = {"node": {"filterType": "text", "operator": "OR", "conditions": [one] * 40}}
    nested: dict[str, object] = one
    for _ in range(3):
        nested = {"filterType": "text", "operator": "AND", "conditions": [nested]}
    for model, limit in ((many, "at most 32 conditions"), ({"node": nested}, "2 levels deep")):
        response = client.post("/_dash-update-component", data=_rows_request(model), content_type="application/json")
        assert response.status_code == 400 and limit in response.get_json()["error"]
    huge = _rows_request({"node": {"filterType": "text", "operator": "OR", "conditions": [one] * 40_000}})
    assert client.post("/_dash-update-component", data=huge, content_type="application/json").status_code == 413


def test_simulate_over_budget_is_400_naming_the_limit(client: FlaskClient) -> None:
    response = client.get("/api/v1/tokens/AKT/simulate?years=20&runs=1000&steps_per_year=365")
    assert response.status_code == 400 and "years × steps_per_year is at most 2,600" in response.get_json()["error"]
    response = client.get("/api/v1/tokens/AKT/simulate?years=20&runs=1000&steps_per_year=52")
    assert response.status_code == 400 and "runs × years × steps_per_year is at most 250,000" in response.get_json()["error"]
