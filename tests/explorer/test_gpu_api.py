"""One GPU model across networks and clouds: GET /api/v1/gpus/<model> on the snapshot, and exact figures from planted rows."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator

import plotly
import polars as pl
import pytest
from flask.testing import FlaskClient

from computescope.db import Database
from computescope.explorer.data import frame, set_db
from computescope.explorer.figures.gpu import series_lines
from computescope.explorer.gpuview import GpuView, UnknownModel, gpu_href, gpu_view, resolve
from computescope.explorer.pricing import baselines
from tests.support.facts import day, plant


def test_h100_shows_akash_and_the_clouds_on_the_snapshot(client: FlaskClient) -> None:
    response = client.get("/api/v1/gpus/H100")
    assert response.status_code == 200
    body = response.get_json()
    assert body["model"] == "H100"
    assert body["catalogue"] == {"vendor": "NVIDIA", "gpu_class": "datacenter", "memory_gb": [80], "interfaces": ["sxm", "pcie"]}
    prices = {r["provider"]: r for r in body["prices"]}
    assert prices["akash"]["provider_kind"] == "network"
    assert {"aws", "gcp", "azure"} <= {p for p, r in prices.items() if r["provider_kind"] == "cloud"}
    assert all(r["kind"] and r["source"] and r["observed_at"].endswith("Z") for r in body["prices"])
    # the baseline is the shared hyperscaler median, the one /api/v1/metrics serves
    metric = client.get("/api/v1/metrics?name=h100_hyperscaler_median_usd_per_gpu_hour").get_json()[0]
    median = body["baseline"]["hyperscaler_median"]
    assert median["usd_per_gpu_hour"] == pytest.approx(metric["value"]) and median["kind"] == metric["kind"]
    assert prices["akash"]["vs_hyperscaler"] == pytest.approx(1 - prices["akash"]["usd_per_gpu_hour"] / metric["value"])


def test_the_quote_is_the_quote_service_for_one_node(client: FlaskClient) -> None:
    quote = client.get("/api/v1/gpus/H100").get_json()["quote"]
    assert quote["request"] == {"gpu": "H100", "count": 8, "per_node": 8, "hours": 1} and quote["note"] is None
    assert quote["answer"] == client.get("/api/v1/quote?gpu=H100&count=8&per_node=8&hours=1").get_json()


def test_spellings_resolve_to_the_canonical_name(client: FlaskClient) -> None:
    assert client.get("/api/v1/gpus/h100%20sxm").get_json()["model"] == "H100"
    assert client.get("/api/v1/gpus/rtx4090").get_json()["model"] == "RTX 4090"


def test_unknown_model_is_a_404_naming_close_matches(client: FlaskClient) -> None:
    response = client.get("/api/v1/gpus/H1000")
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"].startswith("unknown GPU model 'H1000'; closest known: H100")
    bad = client.get("/api/v1/gpus/%3Cscript%3E")
    assert bad.status_code == 400 and "letters, digits" in bad.get_json()["error"]
    assert client.post("/api/v1/gpus/H100").status_code == 405


def test_pages_answer(client: FlaskClient) -> None:
    assert client.get("/gpus").status_code == 200 and client.get("/gpus/H100").status_code == 200


@pytest.fixture
def planted(db: Database, snapshot_db: Database) -> Iterator[Database]:
    plant(db, "providers", *[(p, n, "cloud", p in ("aws", "gcp", "azure"), "snapshot", day("2026-01-01"))
                             for p, n in (("aws", "AWS"), ("gcp", "GCP"), ("azure", "Azure"), ("runpod", "RunPod"))])
    plant(db, "prices",
          ("aws", "cloud", "H100", 80.0, "us-east-1", "on_demand", 6.0, "skypilot", day("2026-02-01")),
          ("aws", "cloud", "H100", 80.0, "eu-west-1", "on_demand", 8.0, "skypilot", day("2026-02-01")),
          ("gcp", "cloud", "H100", 80.0, "us-central1", "on_demand", 7.0, "skypilot", day("2026-02-01")),
          ("azure", "cloud", "H100", 80.0, "eastus", "on_demand", 9.0, "skypilot", day("2026-02-01")),
          ("runpod", "cloud", "H100", 80.0, "", "on_demand", 3.0, "snapshot", day("2026-01-01")),
          ("runpod", "cloud", "H100", 80.0, "", "on_demand", 2.5, "snapshot", day("2026-02-01")),
          ("akash", "network", "H100", 80.0, "", "bid_median", 2.0, "akash", day("2026-02-01")),
          ("localnet", "network", "H100", 80.0, "", "ask", 1.0, "localnet", day("2026-02-01")))
    plant(db, "gpu_inventory",
          ("akash", "H100", "registered", 100, "akash", day("2026-02-01")), ("akash", "H100", "active", 60, "akash", day("2026-02-01")),
          ("localnet", "H100", "total", 32, "localnet", day("2026-02-01")), ("ionet", "A100", "verified", 10, "ionet", day("2026-02-01")))
    plant(db, "utilization", ("akash", "H100", "gpu", 0.6, "day", "akash", day("2026-02-01")),
          ("localnet", "H100", "gpu", 0.5, "hour", "localnet", day("2026-01-31")),
          ("localnet", "H100", "gpu", 0.7, "hour", "localnet", day("2026-02-01")))
    set_db(db)
    yield db
    set_db(snapshot_db)


def _view(db: Database) -> GpuView:
    return gpu_view(db, "H100")


def test_exact_figures_from_planted_rows(planted: Database) -> None:
    view = _view(planted)
    # hyperscaler median over AWS 6 and 8, GCP 7, Azure 9; the cheapest cloud offer is RunPod's newest, 2.50
    assert view.baseline is not None and view.baseline["usd_per_gpu_hour"] == 7.5 and view.baseline["prices"] == 4
    assert view.cheapest_cloud is not None
    assert {k: view.cheapest_cloud[k] for k in ("provider", "usd_per_gpu_hour", "price_type", "kind")} == {
        "provider": "runpod", "usd_per_gpu_hour": 2.5, "price_type": "on_demand", "kind": "published"}
    rows = {r["provider"]: r for r in view.prices.iter_rows(named=True)}
    assert rows["akash"]["usd_per_gpu_hour"] == 2.0 and rows["akash"]["vs_hyperscaler"] == pytest.approx(1 - 2.0 / 7.5)
    assert rows["localnet"]["kind"] == "simulated" and rows["akash"]["kind"] == "observed"
    inventory = {(r["network"], r["measure"]): (r["gpus"], r["kind"]) for r in view.inventory.iter_rows(named=True)}
    assert inventory == {("akash", "active"): (60, "observed"), ("akash", "registered"): (100, "observed"),
                         ("localnet", "total"): (32, "simulated")}
    util = [(r["network"], f"{r['day']:%Y-%m-%d}", r["utilization"], r["kind"]) for r in view.utilization.iter_rows(named=True)]
    assert util == [("akash", "2026-02-01", 0.6, "observed"), ("localnet", "2026-01-31", 0.5, "simulated"),
                    ("localnet", "2026-02-01", 0.7, "simulated")]
    runpod = view.price_history.filter(provider="runpod")
    assert runpod["usd_per_gpu_hour"].to_list() == [3.0, 2.5]


def test_index_counts_real_offers_and_keeps_the_local_network_apart(planted: Database) -> None:
    index = {r["gpu_model"]: r for r in frame("gpu_index").iter_rows(named=True)}
    h100 = index["H100"]
    assert (h100["offers"], h100["providers"], h100["networks"], h100["clouds"]) == (6, 5, 1, 4)
    assert (h100["cheapest_usd"], h100["cheapest_provider"], h100["cheapest_price_type"], h100["cheapest_kind"]) == (2.0, "akash", "bid_median", "observed")
    assert (h100["simulated_offers"], h100["simulated_usd"]) == (1, 1.0)
    assert h100["seen_in"] == "inventory, prices, utilization"
    a100 = index["A100"]
    assert (a100["offers"], a100["cheapest_usd"], a100["seen_in"]) == (0, None, "inventory")


def test_resolve_and_href(planted: Database) -> None:
    assert resolve(" l40s ") == "L40S"
    assert gpu_href("RTX 4090") == "/gpus/RTX%204090"
    with pytest.raises(UnknownModel, match="closest known"):
        resolve("Quantum 9000")
    with pytest.raises(ValueError, match="letters, digits"):
        resolve("H100; drop table prices")


def test_page_keeps_the_local_network_apart_and_draws_no_one_point_line(client: FlaskClient, planted: Database) -> None:
    # the page module registers itself with the app, so it is loaded once the session's app exists
    layout = importlib.import_module("computescope.explorer.pages.gpu").layout
    page = json.dumps(layout(model="H100"), cls=plotly.utils.PlotlyJSONEncoder)
    assert "Local network (simulated)" in page and "gpu-inventory-simulated" in page
    assert "Single observations" in page  # Akash's one utilization reading is a number with its date
    view = _view(planted)
    util = series_lines(view.utilization, ["network"], "utilization", "t", "Utilization", "%{y:.1%}")
    assert [(t.name, t.mode, t.line.dash) for t in util.data] == [("Local network (simulated)", "lines+markers", "dash")]


def test_the_cheapest_prices_are_one_figure_on_every_page(snapshot_db: Database) -> None:
    """/gpus (its SQL), /gpus/<model> and the Prices KPIs (pricing.baselines) name the same cheapest network and cloud price."""
    index = {r["gpu_model"]: r for r in frame("gpu_index").iter_rows(named=True)}
    compared = 0
    for model in ("H100", "A100", "RTX 4090", "L40S"):
        view = gpu_view(snapshot_db, model)
        real = frame("prices_for_model", {"model": model, "vram": None}).filter(pl.col("kind") != "simulated")
        base = baselines(real)
        network, cloud = view.cheapest_network, view.cheapest_cloud
        assert (network["usd_per_gpu_hour"] if network else None) == base.cheapest_network
        assert (cloud["usd_per_gpu_hour"] if cloud else None) == base.cheapest_cloud
        both = [p for p in (base.cheapest_network, base.cheapest_cloud) if p is not None]
        assert index[model]["cheapest_usd"] == (min(both) if both else None)
        compared += bool(both)
    assert compared == 4
    # on the snapshot: Akash's H100 list price (not its SXM list, not a bid minimum) against Vast.ai's on-demand 8 × H100
    h100 = gpu_view(snapshot_db, "H100")
    assert (h100.cheapest_network["provider"], h100.cheapest_network["usd_per_gpu_hour"]) == ("akash", 1.8)  # type: ignore[index]
    assert (h100.cheapest_cloud["provider"], h100.cheapest_cloud["usd_per_gpu_hour"]) == ("vast", 1.8)  # type: ignore[index]


def test_a_lowest_bid_and_a_spot_price_never_stand_for_their_provider(planted: Database) -> None:
    plant(planted, "prices", ("akash", "network", "H100", 80.0, "", "bid_min", 0.5, "akash", day("2026-02-01")),
          ("aws", "cloud", "H100", 80.0, "us-east-1", "spot", 0.9, "skypilot", day("2026-02-01")))
    view = _view(planted)
    assert view.cheapest_network is not None and (view.cheapest_network["price_type"], view.cheapest_network["usd_per_gpu_hour"]) == ("bid_median", 2.0)
    assert view.cheapest_cloud is not None and view.cheapest_cloud["usd_per_gpu_hour"] == 2.5
    assert frame("gpu_index").filter(gpu_model="H100")["cheapest_usd"].to_list() == [2.0]
