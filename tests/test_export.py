"""History as Parquet: every table round-trips with equal counts and daily rollups, read by DuckDB and by pyarrow; exports are incremental."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest

from computescope.cli import main
from computescope.db import Database
from computescope.export import BY_NAME, PARQUET, TABLES, daily_rollup, export, parquet_glob, partition_sql
from computescope.localnet.backfill import backfill
from computescope.sources import load_settings, run_source


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("history") / "history.duckdb"
    database = Database(path)
    assert run_source(database, load_settings({"db": path}, environ={}), "snapshot").status == "success"
    backfill(database, nodes=40, days=3, seed=1, now_s=1_780_000_000.0)
    return database


def db_rollup(database: Database, name: str) -> list[tuple[object, ...]]:
    table = BY_NAME[name]
    return daily_rollup(database.cursor(), table, f"({partition_sql(table)})", {"since": None}).rows()


def files(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.parquet")}


def test_round_trip_with_duckdb_and_pyarrow(history: Database, tmp_path: Path) -> None:
    manifest = export(history, tmp_path)
    con = duckdb.connect()
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    assert manifest["partitioning"] == ["table", "network", "date"] and manifest["written_at"].endswith("Z")
    non_empty = 0
    for table in TABLES:
        rows = history.cursor().execute(f"select count(*) from {table.table}").fetchall()[0][0]  # noqa: S608 - name from TABLES
        entry = manifest["tables"][table.table]
        assert entry["rows"] == rows == sum(entry["rows_by_date"].values()), table.table
        assert {c["name"] for c in entry["columns"]} >= {"network", "date"}
        if not rows:
            assert not (tmp_path / f"table={table.table}").exists()
            continue
        non_empty += 1
        files_of = parquet_glob(tmp_path, table.table)
        assert con.sql(f"select count(*) from {PARQUET}", params=files_of).fetchall()[0][0] == rows, table.table
        assert daily_rollup(con, table, PARQUET, files_of).rows() == db_rollup(history, table.table), table.table
        dataset = ds.dataset(tmp_path / f"table={table.table}", format="parquet", partitioning="hive")
        assert dataset.count_rows() == rows, table.table
    assert non_empty >= 14
    hours = ds.dataset(tmp_path / "table=localnet_node_hours", format="parquet", partitioning="hive").to_table()
    by_day = hours.group_by(["network", "date"]).aggregate([([], "count_all"), ("earnings_usd", "sum")]).sort_by([("date", "ascending")])
    expected = db_rollup(history, "localnet_node_hours")
    assert [(n, date.fromisoformat(str(d)), c) for n, d, c in zip(by_day["network"].to_pylist(), by_day["date"].to_pylist(),
                                                                  by_day["count_all"].to_pylist(), strict=True)] == [r[:3] for r in expected]
    assert pc.round(by_day["earnings_usd_sum"], 4).to_pylist() == pytest.approx([r[3] for r in expected], abs=1e-3)


def test_second_export_writes_only_the_last_and_new_dates(history: Database, tmp_path: Path) -> None:
    first = export(history, tmp_path)
    before = files(tmp_path)
    hours = first["tables"]["localnet_node_hours"]
    last = date.fromisoformat(hours["last_date"])
    again = export(history, tmp_path)
    assert again["tables"]["localnet_node_hours"]["written_rows"] == hours["rows_by_date"][last.isoformat()]
    assert again["tables"]["localnet_node_hours"]["rows"] == hours["rows"]
    kept = {f for f in before if f.startswith("table=localnet_node_hours/") and "date=" + last.isoformat() not in f}
    assert kept
    assert kept <= files(tmp_path)  # earlier dates were not written again

    cur = history.cursor()
    next_day = last + timedelta(days=1)
    cur.execute("insert into localnet_node_hours select node_key, hour + interval 1 day, utilization, leased_gpus, earnings_usd, up"
                " from localnet_node_hours where cast(hour as date) = ?", [last])
    try:
        third = export(history, tmp_path)
        entry = third["tables"]["localnet_node_hours"]
        added = hours["rows_by_date"][last.isoformat()]
        assert entry["rows"] == hours["rows"] + added and entry["rows_by_date"][next_day.isoformat()] == added
        assert entry["last_date"] == next_day.isoformat() and entry["written_rows"] == 2 * added
        con = duckdb.connect()
        files_of = parquet_glob(tmp_path, "localnet_node_hours")
        assert con.sql(f"select count(*) from {PARQUET}", params=files_of).fetchall()[0][0] == entry["rows"]
    finally:
        cur.execute("delete from localnet_node_hours where cast(hour as date) = ?", [next_day])


def test_cli_export_and_its_errors(history: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "copy.duckdb"
    history.cursor().execute("checkpoint")
    path.write_bytes(history.path.read_bytes())
    assert main(["export", "--db", str(path), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.startswith(f"export: {len(TABLES)} tables, ")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "manifest.json").write_text("{\"format\": \"something else\"}")
    assert main(["export", "--db", str(path), "--out", str(tmp_path / "other")]) == 1
    err = capsys.readouterr().err
    assert "is not a computescope history manifest" in err and len(err.strip().splitlines()) == 1
    assert main(["export", "--db", str(path)]) == 2
