"""With the Render source loaded, its per-epoch burns replace the snapshot's rows for the same epochs: every burn is counted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from computescope.db import Database
from computescope.sources import load_settings, run_source
from tests.support.httpserver import FixtureServer
from tests.support.ingest import FIXTURES, run
from tests.support.network_cases import serve, source_settings


def test_render_epochs_supersede_the_snapshot_totals(db: Database, tmp_path: Path, http_server: FixtureServer) -> None:
    assert run_source(db, load_settings({"db": tmp_path / "test.duckdb"}, environ={}), "snapshot").status == "success"
    serve(http_server, "render")
    assert run(db, source_settings(tmp_path, "render", http_server.url), "render").status == "success"
    epochs = json.loads((FIXTURES / "render" / "epoch-burn-stats-data.json").read_text())["data"]
    source_total = sum(e["burnedRender"] for e in epochs)
    series = db.frame("token_burns_api", {"symbol": "RENDER"})
    observed = series.filter(series["kind"] == "observed")
    # the source's epochs replace the snapshot's rows for the same epochs; the snapshot's other epochs stay, once each
    assert sorted(observed["epoch_id"].to_list()) == sorted(str(e["id"]) for e in epochs)
    assert observed["amount_tokens"].sum() == source_total
    kept = series.filter(series["kind"] == "published")
    assert not set(kept["epoch_id"].to_list()) & {str(e["id"]) for e in epochs}
    snapshot_rows = db.cursor().execute(
        "select epoch_id, amount_tokens from token_flows where symbol = 'RENDER' and flow = 'burn' and source = 'snapshot'").fetchall()
    uncovered = sum(amount for epoch_id, amount in snapshot_rows if epoch_id not in {str(e["id"]) for e in epochs})
    assert series["amount_tokens"].sum() == pytest.approx(source_total + uncovered)
    total = db.cursor().execute("select value, kind from metrics where name = 'token_burned_total' and symbol = 'RENDER'").fetchall()
    assert total == [(pytest.approx(source_total + uncovered), "observed")]
