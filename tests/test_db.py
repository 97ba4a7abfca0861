"""Migrations are applied once and recorded; an unusable path or a held lock gives a one-line reason."""

import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest

from computescope.db import Database, DatabaseError, read_frame

TABLES = {
    "networks", "providers", "tokens", "nodes", "gpu_inventory", "utilization", "prices", "revenue",
    "token_supply", "token_flows", "network_facts", "ingest_runs", "raw_landing", "schema_migrations",
}


def test_migrations_are_recorded_and_not_reapplied(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.duckdb")
    cur = db.cursor()
    names = [r[0] for r in cur.execute("select name from schema_migrations order by version").fetchall()]
    assert names[:3] == ["create_reference_tables", "create_fact_tables", "create_ingest_tables"]
    tables = {r[0] for r in cur.execute("select table_name from information_schema.tables where table_type = 'BASE TABLE'").fetchall()}
    assert TABLES <= tables
    db.close()
    again = Database(tmp_path / "m.duckdb")
    assert again.migrate() == []
    again.close()


def test_every_fact_table_carries_source_and_observed_at(db: Database) -> None:
    cur = db.cursor()
    for table in ("gpu_inventory", "utilization", "prices", "revenue", "token_supply", "token_flows", "network_facts", "nodes"):
        cols = {r[0] for r in cur.execute("select column_name from information_schema.columns where table_name = ?", [table]).fetchall()}
        assert {"source", "observed_at"} <= cols, table
        assert cols & {"network", "provider"}, table


def test_views_exist(db: Database) -> None:
    views = {r[0] for r in db.cursor().execute("select table_name from information_schema.tables where table_type = 'VIEW'").fetchall()}
    assert {"latest_inventory", "latest_prices", "latest_utilization", "latest_token_supply", "provider_model_price"} <= views



def test_read_frame_keeps_types_and_the_schema_of_an_empty_answer(db: Database) -> None:
    sql = "select $n::bigint as n, to_timestamp($t) as at, $s as word from range(3) where range < $rows"
    got = read_frame(db.cursor(), sql, {"n": 7, "t": 86400, "s": "x", "rows": 2})
    assert got.schema == {"n": pl.Int64, "at": pl.Datetime("us", "UTC"), "word": pl.String}
    assert got.rows() == [(7, got["at"][0], "x")] * 2 and got["at"][0].isoformat() == "1970-01-02T00:00:00+00:00"
    empty = read_frame(db.cursor(), sql, {"n": 7, "t": 86400, "s": "x", "rows": 0})
    assert empty.height == 0 and empty.schema == got.schema


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Database(tmp_path)


def test_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        Database(blocker / "sub" / "db.duckdb")


def test_a_database_held_by_another_process_names_it(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Database(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseError, match=rf"in use by process {holder.pid}"):
            Database(path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    Database(path).close()
