"""Gensyn source against the RL Swarm dashboard API shape: round, stage and participants; a missing API fails clearly."""

from pathlib import Path

from computescope.db import Database
from computescope.sources import replay_run
from tests.support.httpserver import FixtureServer
from tests.support.ingest import counts, run, run_row
from tests.support.network_cases import serve, source_settings


def _facts(db: Database) -> dict[str, tuple]:
    rows = db.cursor().execute(
        "select metric, value, unit, source_url from network_facts where network = 'gensyn' and source = 'gensyn'"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_round_stage_and_participants(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "gensyn")
    result = run(db, source_settings(tmp_path, "gensyn", http_server.url), "gensyn")
    assert result.status == "success" and result.rows_written == 3, result.error
    assert _facts(db) == {
        "swarm_round": (2411.0, "round", http_server.url + "/api/round_and_stage"),
        "swarm_stage": (1.0, "stage", http_server.url + "/api/round_and_stage"),
        "swarm_participants": (3.0, "peers", http_server.url + "/api/leaderboard"),
    }
    started = db.cursor().execute("select started_at from ingest_runs where run_id = ?", [result.run_id]).fetchall()[0][0]
    observed = db.cursor().execute("select min(observed_at) from network_facts where source = 'gensyn'").fetchall()[0][0]
    assert observed >= started  # no date in the payload: the fetch time is the observation time


def test_an_api_that_is_not_served_fails_with_a_clear_message(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    result = run(db, source_settings(tmp_path, "gensyn", http_server.url), "gensyn")  # nothing routed: every path answers 404
    row = run_row(db, result.run_id)
    assert row["status"] == "failed" and row["rows"] == 0
    assert row["error"] == (
        f"round-and-stage: FetchError: GET {http_server.url}/api/round_and_stage: HTTP 404: /api/round_and_stage is not served at this"
        " base URL; the RL Swarm dashboard API runs on a swarm node (set COMPUTESCOPE_GENSYN_BASE_URL to one that serves it)"
        " (and 1 more: leaderboard)"
    )


def test_a_round_not_known_yet_is_not_recorded(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "gensyn")
    http_server.json("/api/round_and_stage", {"round": -1, "stage": -1})
    result = run(db, source_settings(tmp_path, "gensyn", http_server.url), "gensyn")
    assert result.status == "success" and set(_facts(db)) == {"swarm_participants"}


def test_each_run_is_one_observation_and_a_replay_adds_none(tmp_path: Path, db: Database, http_server: FixtureServer) -> None:
    serve(http_server, "gensyn")
    settings = source_settings(tmp_path, "gensyn", http_server.url)
    first = run(db, settings, "gensyn")
    assert run(db, settings, "gensyn").rows_written == 3
    assert counts(db)["network_facts"] == 6
    assert replay_run(db, first.run_id).rows_written == 0 and counts(db)["network_facts"] == 6
    per_observation = db.cursor().execute(
        "select count(*) from network_facts where source = 'gensyn' group by observed_at, metric having count(*) > 1"
    ).fetchall()
    assert per_observation == []
