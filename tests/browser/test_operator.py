"""Operator and node pages in headless Chromium, served from the local network `serve` starts with (a backfill at its defaults):
a failing, a suspended and a healthy node, each on its own page and on its operator's."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
import requests
from playwright.sync_api import Page, expect

from computescope.db import Database
from computescope.localnet.backfill import backfill
from computescope.localnet.live import JOIN_AFTER_HOURS, LiveSettings
from computescope.verify.reads import NodeQuery, list_nodes
from tests.support.browser import ARTIFACTS, visit
from tests.support.history import PROVIDER, plant_provider
from tests.support.server import running_server

pytestmark = pytest.mark.browser


NODES: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def operator_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A served explorer holding the default local network; yields the URL and two operators (and fills NODES by status)."""
    path = tmp_path_factory.mktemp("operator") / "explorer.duckdb"
    db = Database(path)
    live = LiveSettings()
    backfill(db, nodes=live.nodes, days=live.bootstrap_days, seed=live.seed, join_after_hours=JOIN_AFTER_HOURS)
    rows = db.cursor().execute("select kind, min(operator_id) from localnet_operators group by kind order by kind").fetchall()
    nodes, _ = list_nodes(db, NodeQuery(network="localnet"), limit=None)
    for status in ("failing", "suspended", "verified"):
        NODES[status] = nodes.filter(pl.col("status") == status).row(0, named=True)
    plant_provider(db)
    _plant_deliveries(db)
    db.close()
    kinds = dict(rows)
    with running_server(path, path.with_suffix(".log")) as url:
        yield url, kinds["datacentre"], kinds["individual"]


def _plant_deliveries(db: Database) -> None:
    """potomac-gpu asked for an alert when ln-000153 fails a proof: one alert delivered, its resolution failed after retries."""
    cur = db.cursor()
    cur.execute("insert into alert_subscriptions values ('sub-1', ?, 'challenge_failed', null, 60, 'webhook', 'https://ops.example/hook', "
                "'00', 60, '2026-03-01T00:00:00Z', true)", ["ab" * 32])
    for delivery, kind, status, attempts, error, minute in (("d-1", "alert", "delivered", 1, None, 0),
                                                            ("d-2", "resolved", "failed", 4, "connection refused", 30)):
        cur.execute("insert into alert_deliveries values (?, 'sub-1', 'localnet', 'ln-000153', ?, 'challenge_failed', 'webhook', "
                    "'https://ops.example/hook', ?, ?, ?, '{}', timestamp '2026-03-01 12:00:00+00' + to_minutes(?::bigint), "
                    "timestamp '2026-03-01 12:01:00+00' + to_minutes(?::bigint))", [delivery, kind, status, attempts, error, minute, minute])


@pytest.mark.parametrize("status", ["failing", "suspended", "verified"])
def test_node_page_and_its_operator_tell_one_story(page: Page, operator_site: tuple[str, str, str], status: str) -> None:
    url = operator_site[0]
    node = NODES[status]
    visit(page, f"{url}/nodes/localnet/{node['node_id']}", "#node-title", f"node-{status}")
    expect(page.locator("#node-status")).to_have_text(status)
    expect(page.locator("#node-status-reason")).to_contain_text(status)
    expect(page.locator("#node-avail-30d")).to_be_visible()
    expect(page.locator("#node-stats")).to_contain_text("last 30 days")
    proofs = page.locator("#node-challenges")
    if status == "failing":
        expect(page.locator("#node-status-reason")).to_contain_text("attestation rejected")
        expect(proofs).to_contain_text("reject")
        expect(page.locator("#node-events")).to_contain_text("slash")
        expect(page.locator("#node-sla")).not_to_have_text("met")
    elif status == "suspended":
        expect(proofs).to_contain_text("fail")
        expect(page.locator("#node-events")).to_contain_text("suspend")
    else:
        expect(proofs).to_contain_text("pass")
        expect(page.locator("#node-events")).to_contain_text("reward")
    expect(page.get_by_text("No challenge issued yet.", exact=True)).to_have_count(0)
    visit(page, f"{url}/operators/{node['operator']}", "#operator-title", f"operator-of-{status}")
    grid = page.locator("#operator-nodes-grid")
    grid.get_by_text(node["node_id"], exact=True).scroll_into_view_if_needed()
    row = grid.locator(".ag-row", has_text=node["node_id"]).first
    expect(row).to_contain_text(status)
    if status == "failing":
        expect(row).to_contain_text(f"rejected · fits {node['attested_gpu']}")
        expect(page.locator("#operator-failing")).not_to_have_text("0 · 0")


def test_potomac_gpu_counts_its_liar_as_failing(page: Page, operator_site: tuple[str, str, str]) -> None:
    visit(page, f"{operator_site[0]}/operators/potomac-gpu", "#operator-title", "operator-potomac-gpu")
    row = page.locator("#operator-nodes-grid .ag-row", has_text="ln-000153").first
    expect(row).to_contain_text("8 × H100")
    expect(row).to_contain_text("rejected · fits A100 SXM 80GB")
    expect(row).to_contain_text("failing")
    expect(page.locator("#operator-failing")).to_have_text("1 · 0")


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
    assert nodes.status_code == 200 and int(nodes.headers["X-Total-Count"]) == 190  # of 200: the rest join after the span




def test_operator_history_follows_the_range_and_its_alerts_are_listed(page: Page, operator_site: tuple[str, str, str]) -> None:
    url, datacentre, _ = operator_site
    visit(page, f"{url}/operators/{datacentre}?range=3M", "#operator-price-history .gtitle", "operator-history-3m")
    expect(page.locator("#operator-price-history .gtitle")).to_contain_text("last 91 days")
    expect(page.locator("#operator-history-grid .ag-row").first).to_be_visible()
    expect(page.locator("#operator-history-api")).to_have_attribute("href", f"/api/v1/operators/{datacentre}/history?range=3M&limit=1000")
    expect(page.locator("#operator-alerts-empty")).to_contain_text("POST /api/v1/alerts/subscriptions")
    page.get_by_text("7D", exact=True).click()
    expect(page.locator("#operator-price-history .gtitle")).to_contain_text("last 7 days")
    expect(page).to_have_url(f"{url}/operators/{datacentre}?range=7D")
    history = requests.get(f"{url}/api/v1/operators/{datacentre}/history?range=7D", timeout=10).json()
    assert history["total"] == 7 and history["kind"] == "simulated"
    expect(page.locator("#operator-history-grid .ag-row")).to_have_count(7)
    visit(page, f"{url}/operators/potomac-gpu", "#operator-alerts-grid", "operator-alerts")
    alerts = page.locator("#operator-alerts-grid")
    expect(alerts.locator(".ag-row")).to_have_count(2)
    expect(alerts.locator(".ag-row", has_text="resolved")).to_contain_text("connection refused")
    alerts.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "operator-alerts-rows.png"), full_page=True)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_provider_pages_show_observed_days_and_say_what_is_not_published(page: Page, operator_site: tuple[str, str, str]) -> None:
    url = operator_site[0]
    visit(page, f"{url}/networks/akash", "#network-providers", "network-akash")
    page.locator("#network-providers").click()
    expect(page.locator("#providers-grid")).to_contain_text("provider.acme.example")
    visit(page, f"{url}/providers/akash", "#providers-grid .ag-row", "providers-akash")
    page.locator("#providers-grid").get_by_text("provider.acme.example").click()
    expect(page.locator("#provider-title")).to_have_text("provider.acme.example")
    visit(page, f"{url}/providers/akash/{PROVIDER}?range=ALL", "#provider-availability-graph .gtitle", "provider-akash")
    expect(page.locator("#provider-availability-graph .gtitle")).to_contain_text("all days observed")
    expect(page.locator("#provider-history-grid .ag-row")).to_have_count(3)
    expect(page.locator("#provider-availability")).to_have_text("66.7%")
    for metric in ("earnings", "utilization", "price"):
        expect(page.locator(f"#provider-{metric}")).to_have_text("—")
    expect(page.locator("#provider-earnings .missing")).to_have_attribute("title", "Akash Console's provider list carries no earnings; tenants pay per lease on chain")
    page.get_by_text("7D", exact=True).click()
    expect(page).to_have_url(f"{url}/providers/akash/{PROVIDER}?range=7D")
    for where, table in (("/gpus/H100", "#gpu-prices"), ("/prices?model=H100", "#prices-grid")):   # a network named by a price opens its providers
        visit(page, f"{url}{where}", table, f"provider-link{where.replace('/', '-').split('?')[0]}")
        page.locator(f"{table} a[href='/providers/akash']").first.click()
        expect(page.locator("#providers-title")).to_contain_text("Akash")
    visit(page, f"{url}/providers/ionet", "#providers-none", "providers-ionet")
    expect(page.locator("#providers-none")).to_contain_text("API token")
    visit(page, f"{url}/providers/akash/akash1nobody", "#provider-unknown", "provider-unknown")
    assert page.console_errors == []  # type: ignore[attr-defined]
