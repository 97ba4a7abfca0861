"""The load path: idempotent append by declared key, merge by key, and clear errors for frames that do not fit."""

from datetime import UTC, datetime

import polars as pl
import pytest

from computescope.db import Database
from computescope.ingest.load import LoadError, load_frame

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 2, tzinfo=UTC)


def inventory(observed: datetime, gpus: float) -> pl.DataFrame:
    return pl.DataFrame(
        {"network": ["akash", "akash"], "gpu_model": ["H100", "*"], "vram_gb": [80.0, None], "interface": ["sxm", None],
         "measure": ["total", "total"], "gpus": [gpus, gpus * 3], "source": ["test", "test"], "observed_at": [observed, observed]}
    )


def count(db: Database, table: str) -> int:
    return db.cursor().execute(f"select count(*) from {table}").fetchall()[0][0]


def test_append_is_idempotent_on_the_key_including_nulls(db: Database) -> None:
    cur = db.cursor()
    assert load_frame(cur, "gpu_inventory", inventory(T0, 10), "r1") == 2
    assert load_frame(cur, "gpu_inventory", inventory(T0, 10), "r2") == 0
    assert load_frame(cur, "gpu_inventory", inventory(T1, 12), "r3") == 2
    assert count(db, "gpu_inventory") == 4
    runs = cur.execute("select run_id, count(*) from gpu_inventory group by run_id order by run_id").fetchall()
    assert runs == [("r1", 2), ("r3", 2)]


def test_duplicate_keys_within_one_frame_keep_the_last(db: Database) -> None:
    frame = pl.concat([inventory(T0, 10).head(1), inventory(T0, 11).head(1)])
    assert load_frame(db.cursor(), "gpu_inventory", frame, "r1") == 1
    assert db.cursor().execute("select gpus from gpu_inventory").fetchall() == [(11.0,)]


def test_merge_replaces_by_key(db: Database) -> None:
    cur = db.cursor()
    row = {"network": "akash", "name": "Akash", "source": "test", "observed_at": T0}
    load_frame(cur, "networks", pl.DataFrame([row]), "r1")
    load_frame(cur, "networks", pl.DataFrame([{**row, "name": "Akash Network", "observed_at": T1}]), "r2")
    assert cur.execute("select name, run_id from networks").fetchall() == [("Akash Network", "r2")]


def test_unknown_column_is_named(db: Database) -> None:
    with pytest.raises(LoadError, match="unknown column.*colour"):
        load_frame(db.cursor(), "gpu_inventory", inventory(T0, 1).with_columns(pl.lit("red").alias("colour")), "r")


def test_missing_required_column_is_named(db: Database) -> None:
    with pytest.raises(LoadError, match="required column.*measure"):
        load_frame(db.cursor(), "gpu_inventory", inventory(T0, 1).drop("measure"), "r")


def test_empty_required_value_is_named(db: Database) -> None:
    bad = inventory(T0, 1).with_columns(pl.lit(None, dtype=pl.Utf8).alias("measure"))
    with pytest.raises(LoadError, match="column measure has 2 empty"):
        load_frame(db.cursor(), "gpu_inventory", bad, "r")


def test_undeclared_table_is_refused(db: Database) -> None:
    with pytest.raises(LoadError, match="not declared"):
        load_frame(db.cursor(), "ingest_runs; drop table prices", inventory(T0, 1), "r")
