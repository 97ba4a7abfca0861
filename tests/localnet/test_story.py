"""One story per node: on a local-network backfill, every node page's proof table and event list tell the same history."""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from computescope.db import Database
from computescope.explorer.app import create_app
from computescope.localnet.backfill import backfill
from computescope.localnet.live import JOIN_AFTER_HOURS, LiveSettings
from computescope.verify.reads import NodeQuery, list_nodes, node_detail

NOW = time.time()  # as `serve` starts it: the pages judge nodes by the wall clock


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The local network `serve` starts with (its default size, seed and growth), written at a fixed clock."""
    db = Database(tmp_path_factory.mktemp("story") / "story.duckdb")
    live = LiveSettings()
    backfill(db, nodes=live.nodes, days=live.bootstrap_days, seed=live.seed, token_model=live.token_model, now_s=NOW,
             join_after_hours=JOIN_AFTER_HOURS)
    create_app(db)
    yield db
    db.close()


@pytest.fixture(scope="module")
def node_page(served: Database) -> ModuleType:
    """The node page module, imported as the app imports it (pages register only once an app exists)."""
    return importlib.import_module("computescope.explorer.pages.node")


def _rows(component: Any, table_id: str) -> list[list[str]]:
    """The body rows of the table with this id in a rendered layout, each cell as the text it shows."""
    def text(c: Any) -> str:
        if c is None:
            return ""
        if isinstance(c, (str, int, float)):
            return str(c)
        if isinstance(c, list):
            return "".join(text(x) for x in c)
        return text(getattr(c, "children", None))

    def find(c: Any) -> Any:
        if getattr(c, "id", None) == table_id:
            return c
        kids = getattr(c, "children", None)
        for k in kids if isinstance(kids, list) else [kids]:
            if k is not None and not isinstance(k, (str, int, float)) and (hit := find(k)) is not None:
                return hit
        return None

    table = find(component)
    assert table is not None, table_id
    body = table.children[1]
    return [[text(td.children) for td in tr.children] for tr in body.children]


def test_every_node_page_tells_one_story(served: Database, node_page: ModuleType) -> None:
    nodes, total = list_nodes(served, NodeQuery(network="localnet"), now=NOW, limit=None)
    assert total == nodes.height > 150
    statuses = set(nodes["status"])
    assert {"failing", "suspended", "verified"} <= statuses
    for node_id in nodes["node_id"]:
        d = node_detail(served, "localnet", node_id, now=NOW)
        assert d is not None
        node, proofs, story = d["node"], d["proofs"], d["story"]
        settled = proofs.filter(proofs["verdict"].is_in(["pass", "fail"]))
        punished = proofs.filter((proofs["kind"] == "attestation") & (proofs["verdict"] == "reject") & (proofs["proof_id"] == "attestation:gpu"))
        # the counts on the page are the records in its table, and the standing the core keeps
        assert node["challenges_passed"] == settled.filter(settled["verdict"] == "pass").height
        assert node["challenges_failed"] + node["attestations_failed"] == settled.filter(settled["verdict"] == "fail").height + punished.height
        standing = served.cursor().execute("select passes, fails from node_standing where node_id = ?", [node_id]).fetchall()[0]
        assert standing == (node["challenges_passed"], node["challenges_failed"] + node["attestations_failed"])
        # every consequence names a proof in the table, and every settled proof has its verdict and its consequence in the list
        consequences = story.filter(story["kind"].is_in(["reward", "slash", "reward_zeroed", "suspend"]) & (story["reason"].fill_null("") != "downtime"))
        assert set(consequences["cause"]) <= set(proofs["proof_id"]), node_id
        for r in settled.iter_rows(named=True):
            mine = story.filter(story["cause"] == r["proof_id"])
            assert f"challenge_{r['verdict']}" in set(mine["kind"]), (node_id, r["proof_id"])
            assert ("reward" if r["verdict"] == "pass" else "slash") in set(mine["kind"]) or "reward_zeroed" in set(mine["kind"])
        for r in punished.iter_rows(named=True):
            assert {"attestation_reject", "slash"} <= set(story.filter(story["cause"] == r["proof_id"])["kind"]), node_id
        # the status says why, from the same records
        if node["status"] == "failing":
            assert settled.filter(settled["verdict"] == "fail").height + proofs.filter(proofs["verdict"] == "reject").height > 0, node_id
        if node["status"] == "suspended":
            assert "suspend" in set(story["kind"]), node_id
        # and the rendered page shows the same proofs in both tables
        page = node_page.layout(network="localnet", node_id=node_id)
        proof_table = _rows(page, "node-challenges")
        event_table = _rows(page, "node-events")
        assert len(proof_table) == proofs.height
        assert {row[-1] for row in event_table if row[-1]} <= {row[0] for row in proof_table}, node_id
        if proofs.height and settled.height + punished.height:
            assert node["challenges_passed"] + node["challenges_failed"] + node["attestations_failed"] > 0


def test_a_node_that_failed_a_proof_never_reads_no_challenge(served: Database, node_page: ModuleType) -> None:
    failing, _ = list_nodes(served, NodeQuery(network="localnet", status="failing"), now=NOW, limit=None)
    assert failing.height
    for node_id in failing["node_id"]:
        d = node_detail(served, "localnet", node_id, now=NOW)
        assert d is not None
        assert d["status_reason"].startswith(("GPU attestation rejected", "CPU attestation rejected", "its last challenge failed"))
        page = node_page.layout(network="localnet", node_id=node_id)
        assert any(row[3] in ("fail", "reject") for row in _rows(page, "node-challenges")), node_id


def _find(component: Any, wanted: Any) -> Any:
    if getattr(component, "id", None) == wanted:
        return component
    kids = getattr(component, "children", None)
    for k in kids if isinstance(kids, list) else [kids]:
        if k is not None and not isinstance(k, (str, int, float)) and (hit := _find(k, wanted)) is not None:
            return hit
    return None


def test_operator_page_shows_attested_hardware_and_counts_failing_nodes(served: Database, node_page: ModuleType) -> None:
    operator_page = importlib.import_module("computescope.explorer.pages.operator")
    page = operator_page.layout(operator_id="potomac-gpu")
    grid = _find(page, {"type": "grid", "grid": "operator-nodes-grid"})
    rows = {r["node"].split("]")[0][1:]: r for r in grid.rowData}
    liar = rows["ln-000153"]
    assert liar["gpus"] == "8 × H100"
    assert liar["attested"] == "rejected · fits A100 SXM 80GB"
    assert liar["status"] in ("failing", "offline · failing")
    assert liar["sla"] in ("breached", f"met (uptime) · {liar['status']}")  # whether it is up at this moment depends on the clock
    assert liar["why"].endswith("GPU attestation rejected: claims H100 SXM, measures as A100 SXM 80GB")
    nodes, _ = list_nodes(served, NodeQuery(network="localnet", operator="potomac-gpu"), now=None, limit=None)
    suspended = nodes.filter(nodes["status"] == "suspended").height
    failing = nodes.filter((nodes["status"] != "suspended") & ((nodes["gpu_verdict"] == "reject") | (nodes["last_verdict"] == "fail"))).height
    assert failing >= 1
    stat = _find(page, "operator-failing")
    assert f"{failing} · {suspended}" in str(stat)
    assert all(r["sla"] != "met" for r in rows.values() if r["status"].endswith(("failing", "suspended")))
