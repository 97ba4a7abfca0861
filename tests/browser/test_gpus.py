"""The GPU model pages in headless Chromium: the index links to each model; /gpus/H100 shows Akash beside the clouds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser


def test_index_links_to_the_model_page(page: Page, server_url: str) -> None:
    visit(page, server_url + "/gpus", "#gpus-table", "gpus")
    expect(page.locator("#gpus-table")).to_contain_text("H100")
    page.locator("#gpus-table a.gpu-link", has_text=re.compile(r"^H100$")).click()
    expect(page.locator("#gpu-title")).to_have_text("H100")
    expect(page).to_have_url(re.compile(r"/gpus/H100$"))


def test_h100_shows_akash_and_the_clouds(page: Page, server_url: str) -> None:
    visit(page, server_url + "/gpus/H100", "#gpu-prices", "gpu-h100")
    prices = page.locator("#gpu-prices")
    for provider in ("Akash Network", "Amazon Web Services", "Google Cloud", "Microsoft Azure"):
        expect(prices).to_contain_text(provider)
    expect(page.locator("#gpu-hyperscaler")).to_contain_text("$")
    expect(page.locator("#gpu-price-bars .gtitle")).to_contain_text("H100: USD per GPU-hour by provider")
    expect(page.locator("#gpu-quote")).to_contain_text("Best:")
    expect(page.locator("#gpu-stats")).to_contain_text("published")


def test_a_spaced_name_and_an_unknown_one(page: Page, server_url: str) -> None:
    visit(page, server_url + "/gpus/RTX%204090", "#gpu-title", "gpu-rtx4090")
    expect(page.locator("#gpu-title")).to_have_text("RTX 4090")
    visit(page, server_url + "/gpus/H1000", "#gpu-unknown", "gpu-unknown")
    expect(page.locator("#gpu-unknown")).to_contain_text("closest known: H100")


def test_prices_grid_links_each_model_to_its_page(page: Page, server_url: str) -> None:
    visit(page, server_url + "/prices?model=H100", "#prices-grid .ag-row", "prices-model-links")
    page.locator("#prices-grid .ag-row a", has_text=re.compile(r"^H100$")).first.click()
    expect(page.locator("#gpu-title")).to_have_text("H100")
    expect(page).to_have_url(re.compile(r"/gpus/H100$"))
