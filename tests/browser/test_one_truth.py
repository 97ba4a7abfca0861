"""One truth per figure: each shared metric shows the same formatted value on every page that shows it (values from /api/v1/metrics)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect

from computescope.explorer import fmt
from tests.support.browser import visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shared(server_url: str) -> dict[tuple[str, str | None], str]:
    rows: list[dict[str, Any]] = requests.get(server_url + "/api/v1/metrics", timeout=30).json()
    return {(r["name"], r["symbol"] or r["network"]): fmt.metric(r) for r in rows}


def test_hyperscaler_median_is_the_same_on_overview_and_prices(page: Page, server_url: str, shared: dict) -> None:
    median = shared[("h100_hyperscaler_median_usd_per_gpu_hour", None)]
    assert median == "$6.93/GPU-h"
    visit(page, server_url + "/", "#overview-cards", "one-truth-overview")
    expect(page.locator("#overview-hyperscaler-median")).to_have_text(median)
    for label in page.locator("#overview-cards .metric-hyperscaler-median").all_inner_texts():
        assert label == median
    expect(page.locator("#card-akash-price")).to_have_text(shared[("h100_price_usd_per_gpu_hour", "akash")])
    # Akash's headline is the median of two list prices, and says so: the cheapest single price on Prices is below it
    expect(page.locator("#overview-cards")).to_contain_text("median of its 2 newest list prices")
    expect(page.locator("#card-akash-util")).to_have_text(shared[("gpu_utilization", "akash")])
    expect(page.locator("#card-ionet-token-model")).to_have_text(shared[("token_model", "IO")])
    visit(page, server_url + "/prices", "#prices-kpi-hyper", "one-truth-prices")
    expect(page.locator("#prices-kpi-hyper")).to_have_text(median)
    azure = shared[("h100_price_usd_per_gpu_hour", "azure")].removesuffix("/GPU-h")
    expect(page.locator("#prices-bars")).to_contain_text("Microsoft Azure · on demand")
    expect(page.locator("#prices-bars")).to_contain_text(azure)


def test_token_figures_are_the_same_on_networks_tokens_and_the_token_page(page: Page, server_url: str, shared: dict) -> None:
    io_model = shared[("token_model", "IO")]
    coverage = shared[("demand_coverage", "RENDER")]
    emission = shared[("token_emission_next_year", "RENDER")]
    visit(page, server_url + "/networks", ".ag-row", "one-truth-networks")
    expect(page.locator("#networks-grid .ag-center-cols-container .ag-row[row-id='1']")).to_contain_text(io_model)  # io.net, second in the catalogue
    visit(page, server_url + "/tokens", ".ag-row", "one-truth-tokens")
    render_row = page.locator("#tokens-grid .ag-center-cols-container .ag-row", has_text="render")
    expect(render_row.first).to_contain_text(coverage)
    expect(render_row.first).to_contain_text(emission)
    visit(page, server_url + "/tokens/RENDER", "#token-coverage", "one-truth-token-render")
    expect(page.locator("#token-coverage")).to_have_text(coverage)
    expect(page.locator("#token-emission")).to_have_text(emission)
    visit(page, server_url + "/tokens/IO", "#token-model", "one-truth-token-io")
    expect(page.locator("#token-model")).to_have_text(io_model)


def test_network_inventory_and_utilization_pages_show_the_metrics(page: Page, server_url: str, shared: dict) -> None:
    gpus, util = shared[("gpus_total", "akash")], shared[("gpu_utilization", "akash")]
    assert (gpus, util) == ("421", "80.0%")
    visit(page, server_url + "/inventory", "#inventory-headlines", "one-truth-inventory")
    expect(page.locator("#inventory-headlines-akash #card-akash-gpus")).to_have_text(gpus)
    expect(page.locator("#inventory-headlines-ionet")).to_contain_text(shared[("gpus_verified", "ionet")])
    visit(page, server_url + "/utilization", "#utilization-headlines", "one-truth-utilization")
    expect(page.locator("#utilization-headlines-akash #card-akash-util")).to_have_text(util)
    visit(page, server_url + "/networks/akash", "#network-facts", "one-truth-network-akash")
    expect(page.locator("#network-metrics")).to_contain_text(gpus)
    expect(page.locator("#network-metrics")).to_contain_text(util)
    expect(page.locator("#network-metrics #card-akash-price")).to_have_text(shared[("h100_price_usd_per_gpu_hour", "akash")])
    expect(page.locator("#network-fact-cpus_total")).to_have_text(shared[("cpus_total", "akash")] + " cpus")
    expect(page.locator("#network-fact-gpu_utilization_avg_year")).to_have_text(shared[("gpu_utilization_avg_year", "akash")])
