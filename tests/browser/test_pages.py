"""Every page in headless Chromium: it renders, shows its key figures, and logs no error."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser

NAMES = ["Akash Network", "io.net", "Render Network", "Aethir", "Gensyn"]


def test_every_page_answers_200(server_url: str) -> None:
    for path in ("/", "/networks", "/networks/akash", "/networks/ionet", "/status", "/no-such-page"):
        assert requests.get(server_url + path, timeout=10).status_code == 200, path


def test_overview(page: Page, server_url: str) -> None:
    visit(page, server_url + "/", "#overview-cards", "overview")
    for name in NAMES:
        expect(page.locator("#overview-cards")).to_contain_text(name)
    expect(page.locator("#overview-h100-prices .gtitle")).to_contain_text("H100")
    expect(page.locator("#overview-h100-prices")).to_contain_text("$6.88")
    expect(page.locator("#card-akash")).to_contain_text(re.compile(r"\$\d+\.\d\d/GPU-h"))
    expect(page.locator("#card-akash")).to_contain_text("Snapshot")
    expect(page.locator("#card-render .missing").first).to_have_attribute("title", re.compile("publishes no GPU inventory"))


def test_networks(page: Page, server_url: str) -> None:
    visit(page, server_url + "/networks", ".ag-row", "networks")
    grid = page.locator("#networks-grid")
    for name in NAMES:
        expect(grid).to_contain_text(name)
    expect(grid).to_contain_text("orchestration")
    expect(grid).to_contain_text("BME")


def test_network_page(page: Page, server_url: str) -> None:
    visit(page, server_url + "/networks/akash", "#network-title", "network-akash")
    expect(page.locator("#network-title")).to_have_text("Akash Network")
    expect(page.locator("#network-facts")).to_contain_text("16,000")
    expect(page.locator("#network-sources")).to_contain_text("GPU inventory")


def test_network_page_for_unknown_slug(page: Page, server_url: str) -> None:
    visit(page, server_url + "/networks/atlantis", "#network-unknown", "network-unknown")
    expect(page.locator("#network-unknown")).to_contain_text("akash")


def test_status(page: Page, server_url: str) -> None:
    visit(page, server_url + "/status", ".ag-row", "status")
    expect(page.locator("#status-badges")).to_contain_text("snapshot: success")
    expect(page.locator("#status-freshness")).to_contain_text("prices")


def test_not_found(page: Page, server_url: str) -> None:
    visit(page, server_url + "/no-such-page", "#not-found-title", "not-found")
    expect(page.locator("#not-found-title")).to_have_text("Page not found")


def test_navigation_by_navbar(page: Page, server_url: str) -> None:
    visit(page, server_url + "/", "#overview-cards", "nav-start")
    page.locator(".top-nav").get_by_text("Status").click()
    expect(page).to_have_url(server_url + "/status")
    expect(page.locator("#status-badges")).to_be_visible()


def test_prices_filters_and_url(page: Page, server_url: str) -> None:
    visit(page, server_url + "/prices?model=H100%7C80", "#prices-kpi-hyper", "prices")
    expect(page.locator("#prices-bars .gtitle")).to_contain_text("H100 80 GB")
    expect(page.locator("#prices-kpi-network")).to_have_text("$1.80/GPU-h")
    expect(page.locator("#prices-grid")).to_contain_text("Amazon Web Services")
    page.locator(".mantine-SegmentedControl-label", has_text="Clouds").click()
    expect(page.locator("#prices-grid")).not_to_contain_text("Akash Network")
    expect(page).to_have_url(re.compile(r"kind=cloud"))
    shared = page.url
    page.goto(shared)
    expect(page.locator("#prices-grid")).to_contain_text("Amazon Web Services")
    expect(page.locator("#prices-grid")).not_to_contain_text("Akash Network")
    assert page.console_errors == []  # type: ignore[attr-defined]
