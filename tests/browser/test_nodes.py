"""The Nodes grid and a node's page in headless Chromium, with a real agent registered against the served explorer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from computescope.agent.node import Agent, AgentConfig
from tests.support.browser import visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def node_id(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Register this machine through the agent (register, answer the first challenge, one heartbeat)."""
    key = tmp_path_factory.mktemp("browser-agent") / "node.key"
    agent = Agent(AgentConfig(server_url, Path(key), node_id="browser-node", operator="browser-test", interval_s=0.1, count=1),
                  say=lambda _line: None)
    assert agent.run() == 0
    return agent.node_id


def test_nodes_grid_lists_the_node_and_searches_on_the_server(page: Page, server_url: str, node_id: str) -> None:
    visit(page, server_url + "/nodes", "#nodes-grid .ag-row", "nodes")
    grid = page.locator("#nodes-grid")
    expect(grid).to_contain_text(node_id)
    expect(grid).to_contain_text("browser-test")
    expect(grid).to_contain_text("verified")
    expect(page.locator("#nodes-count")).to_contain_text(re.compile(r"\d+ nodes? match"))
    page.locator("#nodes-search").fill("no-such-node-anywhere")
    expect(page.locator("#nodes-count")).to_have_text("0 nodes match")
    expect(page).to_have_url(re.compile(r"q=no-such-node-anywhere"))
    page.locator("#nodes-search").fill("BROWSER-TE")
    expect(page.locator("#nodes-count")).to_have_text("1 node matches")
    expect(grid).to_contain_text(node_id)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_node_page_shows_availability_challenges_hardware_and_stake(page: Page, server_url: str, node_id: str) -> None:
    visit(page, f"{server_url}/nodes/localnet/{node_id}", "#node-title", "node")
    expect(page.locator("#node-title")).to_have_text(node_id)
    expect(page.locator("#node-status")).to_have_text("verified")
    expect(page.locator("#node-timeline .gtitle")).to_contain_text("availability per hour (%)")
    expect(page.locator("#node-challenges")).to_contain_text("pass")
    expect(page.locator("#node-hardware")).to_contain_text("GFLOPS")
    expect(page.locator("#node-events")).to_contain_text("bond")
    expect(page.locator("#node-stake")).to_contain_text("1,000 units")


def test_unknown_node_page(page: Page, server_url: str) -> None:
    visit(page, server_url + "/nodes/localnet/nobody-here", "#node-unknown", "node-unknown")
    expect(page.locator("#node-unknown")).to_contain_text("nobody-here")


def test_overview_shows_verified_against_claimed(page: Page, server_url: str, node_id: str) -> None:
    visit(page, server_url + "/", "#overview-capacity", "overview-capacity")
    expect(page.locator("#overview-capacity")).to_contain_text(re.compile(r"\d+ of \d+ nodes verified"))


def test_nodes_page_is_titled_for_what_it_lists_and_filters_by_status(page: Page, server_url: str, node_id: str) -> None:
    visit(page, server_url + "/nodes?status=verified", "#nodes-grid .ag-row", "nodes-verified")
    expect(page.locator("#nodes-title")).to_have_text("Nodes registered with this explorer, by verification status")
    expect(page.locator("#nodes-grid")).to_contain_text(node_id)
    expect(page.locator("#nodes-csv")).to_have_attribute("href", "/api/v1/nodes?format=csv&status=verified")
    page.get_by_text("failing", exact=True).first.click()
    expect(page.locator("#nodes-count")).to_have_text("0 nodes match")
    expect(page).to_have_url(re.compile(r"status=failing"))
    expect(page.locator("#nodes-parquet")).to_have_attribute("href", "/api/v1/nodes?format=parquet&status=failing")
