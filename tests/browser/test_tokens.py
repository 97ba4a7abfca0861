"""Tokens pages in headless Chromium: the investors' view, RENDER's real series and a working simulator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser


def test_tokens_overview(page: Page, server_url: str) -> None:
    visit(page, server_url + "/tokens", ".ag-row", "tokens")
    expect(page.locator("#tokens-incentives .gtitle")).to_contain_text("Is demand paying for the incentives?")
    grid = page.locator("#tokens-grid")
    for symbol in ("AKT", "IO", "RENDER", "ATH", "AI"):
        expect(grid).to_contain_text(symbol)


def test_render_series_and_simulator(page: Page, server_url: str) -> None:
    visit(page, server_url + "/tokens/RENDER", "#token-sim-text", "token-render")
    expect(page.locator("#token-title")).to_contain_text("RENDER")
    expect(page.locator("#token-burns .gtitle")).to_contain_text("burned vs emitted")
    expect(page.locator("#token-coverage")).to_have_text(re.compile(r"\d+\.\d%"))
    expect(page.locator("#token-sim-text")).to_contain_text("burn-and-mint (BME): median supply after 5 y")
    expect(page.locator("#token-sim-text")).to_contain_text("stake-for-access (SFA)")
    before = page.locator("#token-sim-text").inner_text()
    field = page.locator("#token-demand_growth")
    field.fill("1.5")
    field.press("Tab")
    expect(page.locator("#token-sim-text")).not_to_have_text(before)
    expect(page).to_have_url(re.compile(r"demand_growth=1\.5"))
    page.goto(page.url)
    expect(page.locator("#token-demand_growth")).to_have_value("1.5")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_akt_page_and_unknown_token(page: Page, server_url: str) -> None:
    visit(page, server_url + "/tokens/AKT", "#token-sim-text", "token-akt")
    expect(page.locator("#token-params")).to_contain_text("AEP")
    visit(page, server_url + "/tokens/NOPE", "#token-unknown", "token-unknown")
