"""Inventory and Utilization in headless Chromium: they render, say what is missing, and keep filters in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser


def test_inventory(page: Page, server_url: str) -> None:
    visit(page, server_url + "/inventory?range=ALL", "#inventory-total", "inventory")
    expect(page.locator("#inventory-history .gtitle")).to_contain_text("GPUs over time")
    expect(page.locator("#inventory-history")).to_contain_text("io.net")
    page.locator(".mantine-SegmentedControl-label", has_text="1Y").first.click()
    expect(page).to_have_url(re.compile(r"range=1Y"))


def test_utilization(page: Page, server_url: str) -> None:
    visit(page, server_url + "/utilization?range=ALL&networks=akash", "#utilization-lines .gtitle", "utilization")
    expect(page.locator("#utilization-lines .gtitle")).to_contain_text("GPUs in use over time")
    expect(page.locator("#utilization-heatmap")).to_contain_text("needs hourly data")
    assert page.console_errors == []  # type: ignore[attr-defined]
