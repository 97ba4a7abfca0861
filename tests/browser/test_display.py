"""Display in headless Chromium: charts follow the dark theme with colours that match their legends, grids clip no text, one-line navbar."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import visit

pytestmark = pytest.mark.browser

# the text of every cell and header that does not fit its box (scrollWidth beyond clientWidth), with its grid
CLIPPED = """() => [...document.querySelectorAll('.ag-cell, .ag-header-cell-text')]
    .filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => (c.closest('.ag-root-wrapper')?.parentElement?.id || '?') + ': ' + c.textContent)"""


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _go_dark(page: Page, server_url: str) -> None:
    visit(page, server_url + "/", "#overview-cards", "dark-start")
    page.locator("#shell-dark").check(force=True)
    expect(page.locator("html")).to_have_attribute("data-mantine-color-scheme", "dark")


def _page_background(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.querySelector('.mantine-Paper-root') || document.body).backgroundColor")


def test_charts_follow_the_dark_theme(page: Page, server_url: str) -> None:
    _go_dark(page, server_url)
    visit(page, server_url + "/prices", "#prices-bars .point", "dark-prices")
    expect(page.locator("html")).to_have_attribute("data-mantine-color-scheme", "dark")  # the choice persists across pages
    background = _page_background(page)
    assert _luminance(background) < 0.05
    # axis and legend text is light on the dark page; chart backgrounds let the page show through
    for fill in page.eval_on_selector_all("#prices-bars .xtick text, #prices-history .legendtext", "els => els.map(e => getComputedStyle(e).fill)"):
        assert _contrast(fill, background) >= 4.5, fill
    assert page.eval_on_selector("#prices-bars .main-svg", "e => getComputedStyle(e).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    # every bar (clouds' greys included) stands out from the dark page as it does from the light one
    fills = set(page.eval_on_selector_all("#prices-bars .point path", "els => els.map(e => getComputedStyle(e).fill)"))
    assert len(fills) >= 5
    for fill in (f for f in fills if f.startswith("rgb")):  # hatched bars (spot, bids) fill with a pattern of the same colour
        assert _contrast(fill, background) >= 3 and _contrast(fill, "rgb(255, 255, 255)") >= 3, fill
    # a chart with no data is no white box on the dark page
    visit(page, server_url + "/inventory", "#inventory-models .main-svg", "dark-inventory")
    assert page.eval_on_selector("#inventory-models .main-svg", "e => getComputedStyle(e).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")


def test_legend_colours_match_their_bars(page: Page, server_url: str) -> None:
    _go_dark(page, server_url)
    visit(page, server_url + "/tokens", "#tokens-incentives .point", "dark-tokens")
    bars = set(page.eval_on_selector_all("#tokens-incentives .point path", "els => els.map(e => getComputedStyle(e).fill)"))
    legend = set(page.eval_on_selector_all("#tokens-incentives .legendpoints path", "els => els.map(e => getComputedStyle(e).fill)"))
    assert len(bars) >= 4 and bars == legend


@pytest.mark.parametrize(("path", "ready"), [("/prices", "#prices-grid .ag-row"), ("/status", "#status-sources .ag-row"),
                                             ("/networks", "#networks-grid .ag-row"), ("/tokens", "#tokens-grid .ag-row"),
                                             ("/quote", "#quote-grid .ag-row"), ("/quote?gpu=H100&count=8&hours=72", "#quote-rejected-grid .ag-row")])
def test_no_grid_cell_is_clipped(page: Page, server_url: str, path: str, ready: str) -> None:
    visit(page, server_url + path, ready, "grid" + path.replace("/", "-"))
    page.wait_for_timeout(300)  # the columns are sized once the rows are drawn
    assert page.evaluate("() => document.querySelectorAll('.ag-cell').length") > 0
    assert page.evaluate(CLIPPED) == []


def test_the_navbar_holds_every_page_on_one_line_at_1366px(page: Page, server_url: str) -> None:
    visit(page, server_url + "/", "#overview-cards", "navbar")
    nav = page.locator(".top-nav")
    expect(nav.get_by_text("GPUs", exact=True)).to_be_visible()
    links = nav.locator(".nav-link")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}  # type: ignore[index]
    assert len(tops) == 1 and links.count() >= 10
    nav.get_by_text("GPUs", exact=True).click()
    expect(page).to_have_url(server_url + "/gpus")


def test_prices_show_one_macro_region_per_row_and_the_providers_name_on_hover(page: Page, server_url: str) -> None:
    visit(page, server_url + "/prices?model=A100&kind=cloud", "#prices-grid .ag-row", "prices-regions")
    row = page.locator("#prices-grid .ag-center-cols-container .ag-row", has_text="$2.79").first
    region = row.locator("[col-id='region']")
    expect(region).to_have_text("us-central")  # Shadeform's chicago-usa-2
    region.hover()
    expect(page.locator(".ag-tooltip")).to_have_text("chicago-usa-2")


def test_no_badge_on_the_overview_is_cut_short(page: Page, server_url: str) -> None:
    visit(page, server_url + "/", "#overview-cards", "overview-badges")
    expect(page.locator("#card-ionet")).to_contain_text("aggregation (claimed, incomplete)", ignore_case=True)
    cut = page.evaluate("() => [...document.querySelectorAll('.mantine-Badge-label')].filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)")
    assert cut == []
