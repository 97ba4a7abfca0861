"""With the Render source loaded, its per-epoch burns replace the snapshot's totals: the series sums to the source's own total."""

from __future__ import annotations

import json
from pathlib import Path

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
    assert set(series["kind"]) == {"observed"} and series.height == len(epochs)
    assert series["amount_tokens"].sum() == source_total
    total = db.cursor().execute("select value, kind from metrics where name = 'token_burned_total' and symbol = 'RENDER'").fetchall()
    assert total == [(source_total, "observed")]
