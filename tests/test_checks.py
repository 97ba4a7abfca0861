"""Data checks: silent on the snapshot plus a local-network backfill; a planted contradiction is named, with its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from computescope import cli
from computescope.checks import check_after_run, check_names, run_checks
from computescope.db import Database
from computescope.localnet.backfill import backfill
from computescope.sources import load_settings, run_source
from tests.support.facts import day, plant


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    path = tmp_path / "checked.duckdb"
    db = Database(path)
    assert run_source(db, load_settings({"db": path}, environ={}), "snapshot").status == "success"
    backfill(db, nodes=30, days=2, seed=1)
    db.close()
    return path


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_check_passes_on_the_snapshot_and_a_local_network(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _cli(capsys, "--db", str(loaded))
    assert code == 0
    assert out.splitlines() == [f"ok      {name}" for name in check_names()]
    assert len(check_names()) == 6


PLANTS = {
    "assert_verified_le_registered": ("gpu_inventory", [("ionet", "*", "registered", 100.0, "ionet", day("2026-03-01")),
                                                        ("ionet", "*", "verified", 327.0, "ionet", day("2026-03-01"))]),
    "assert_utilization_in_unit_range": ("utilization", [("akash", "*", "gpu", 1.5, "point", "akash", day("2026-03-01"))]),
    "assert_prices_positive_and_sane": ("prices", [("aws", "cloud", "H100", 80.0, "us-east-1", "on_demand", 98.3, "clouds", day("2026-03-01"))]),
    "assert_unique_keys": ("utilization", [("akash", "*", "gpu", 0.5, "point", "akash", day("2026-03-01"))] * 2),
    "assert_facts_have_source": ("gpu_inventory", [("akash", "*", "total", 10.0, " ", day("2026-03-01"))]),
    "assert_no_overlapping_grains": ("token_flows", [
        ("AKT", "akash", "burn", "7", day("2026-03-01"), day("2026-03-08"), 5.0, "akash", day("2026-03-08")),
        ("AKT", "akash", "burn", "", day("2026-03-01"), day("2026-03-31"), 9.0, "akash", day("2026-03-31"))]),
}


@pytest.mark.parametrize("check", sorted(PLANTS))
def test_a_planted_contradiction_fails_its_check_by_name(check: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "planted.duckdb"
    db = Database(path)
    table, rows = PLANTS[check]
    plant(db, table, *rows)
    failed = {r.name: r for r in run_checks(db) if not r.passed}
    db.close()
    assert set(failed) == {check}
    code, out, err = _cli(capsys, "--db", str(path))
    assert code == 1
    assert f"FAILED  {check}: {failed[check].bad_rows} bad row(s)" in out
    assert err.strip() == f"computescope check: 1 check(s) failed: {check}"


def test_verified_above_registered_names_the_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "planted.duckdb"
    db = Database(path)
    table, rows = PLANTS["assert_verified_le_registered"]
    plant(db, table, *rows)
    db.close()
    _code, out, _err = _cli(capsys, "--db", str(path))
    assert "FAILED  assert_verified_le_registered: 1 bad row(s); first: network=ionet, gpu_model=*, day=2026-03-01, source=ionet, verified=327.0, registered=100.0" in out


def test_checks_after_a_run_are_recorded_with_the_run(db: Database) -> None:
    plant(db, "utilization", ("akash", "*", "gpu", -0.2, "point", "akash", day("2026-03-01")))
    check_after_run(db, "run-42")
    rows = db.cursor().execute("select check_name, bad_rows, run_id from check_results where bad_rows > 0").fetchall()
    assert rows == [("assert_utilization_in_unit_range", 1, "run-42")]
