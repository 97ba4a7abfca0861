"""An operator's page in headless Chromium, served from a database a small local-network backfill wrote."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from computescope.db import Database
from computescope.localnet.backfill import backfill
from tests.support.browser import visit
from tests.support.server import running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def operator_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A served explorer holding 60 nodes × 3 days of the local network; yields the URL and two operators."""
    path = tmp_path_factory.mktemp("operator") / "explorer.duckdb"
    db = Database(path)
    backfill(db, nodes=60, days=3, seed=5)
    rows = db.cursor().execute("select kind, min(operator_id) from localnet_operators group by kind order by kind").fetchall()
    db.close()
    kinds = dict(rows)
    with running_server(path, path.with_suffix(".log")) as url:
        yield url, kinds["datacentre"], kinds["individual"]


def test_operator_page_shows_nodes_use_earnings_and_a_price_suggestion(page: Page, operator_site: tuple[str, str, str]) -> None:
    url, datacentre, _ = operator_site
    visit(page, f"{url}/operators/{datacentre}", "#operator-title", "operator")
    expect(page.locator("#operator-stats")).to_contain_text("GPUs leased, 30 d")
    expect(page.locator("#operator-sla")).to_contain_text("met")
    expect(page.locator("#operator-pricing-table")).to_contain_text("Suggestion")
    expect(page.locator("#operator-pricing-table")).to_contain_text("/GPU-h")
    expect(page.locator("#operator-activity .gtitle")).to_contain_text("per day")
    expect(page.locator("#operator-nodes-grid")).to_contain_text("ln-")
    page.get_by_text("7D", exact=True).click()
    expect(page.locator("#operator-activity .gtitle")).to_contain_text("per hour, last 7 days")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_individual_operator_and_unknown_operator(page: Page, operator_site: tuple[str, str, str]) -> None:
    url, _, individual = operator_site
    visit(page, f"{url}/operators/{individual}", "#operator-title", "operator-individual")
    expect(page.locator("#operator-title")).to_have_text(individual)
    visit(page, f"{url}/operators/nobody-at-all", "#operator-unknown", "operator-unknown")
    expect(page.locator("#operator-unknown")).to_contain_text("The largest operators")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_api_and_pages_answer(operator_site: tuple[str, str, str]) -> None:
    url, datacentre, _ = operator_site
    assert requests.get(f"{url}/operators/{datacentre}", timeout=10).status_code == 200
    nodes = requests.get(f"{url}/api/v1/nodes?network=localnet&limit=5", timeout=10)
    assert nodes.status_code == 200 and int(nodes.headers["X-Total-Count"]) == 60


