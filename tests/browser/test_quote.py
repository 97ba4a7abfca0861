"""The Quote page in headless Chromium: an answer at once, inline validation, parameters in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser


def test_quote_defaults_answer_at_once(page: Page, server_url: str) -> None:
    visit(page, server_url + "/quote", "#quote-best", "quote")
    expect(page.locator("#quote-best")).to_contain_text(re.compile(r"Best: .+ = \$[\d,]+\.\d\d in total"))
    expect(page.locator("#quote-chart .gtitle")).to_contain_text("8 × H100 for 72 h")
    expect(page.locator("#quote-grid .ag-row").first).to_be_visible()
    expect(page.locator("#quote-rejections")).to_contain_text("capacity")
    expect(page.locator("#quote-indicative")).to_contain_text("Akash Network at $1.80/GPU-h")  # the display name, not the slug
    expect(page.locator("#quote-grid")).to_contain_text("Amazon Web Services")
    expect(page.locator("#quote-indicative")).to_contain_text("availability unknown")
    expect(page.locator("#quote-rejected-grid")).to_contain_text("1 × H100 per instance; 8 per node asked")


def test_quote_split_from_url_and_validation(page: Page, server_url: str) -> None:
    visit(page, server_url + "/quote?gpu=H100&count=16&hours=72&per_node=8&split=true", "#quote-best", "quote-split")
    expect(page.locator("#quote-best")).to_contain_text("16 GPUs")
    hours = page.locator("#quote-hours")
    hours.fill("0")
    hours.press("Tab")
    count = page.locator("#quote-count")
    count.fill("12")
    count.press("Tab")
    expect(page.locator("#quote-alert")).to_contain_text("multiple of per_node")
    count.fill("24")
    count.press("Tab")
    expect(page.locator("#quote-alert")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"count=24"))
    assert page.console_errors == []  # type: ignore[attr-defined]
