"""Polars frames into DuckDB: checked against the table, staged, then appended or merged by the declared key."""

from __future__ import annotations

import duckdb
import polars as pl

from computescope.ingest.tables import TABLES, TableSpec


class LoadError(ValueError):
    """A frame does not fit its table; the message names the table and the column."""


def table_columns(cur: duckdb.DuckDBPyConnection, table: str) -> dict[str, bool]:
    """Column name -> nullable, read from the catalogue (the identifier allowlist for SQL)."""
    rows = cur.execute(
        "select column_name, is_nullable from information_schema.columns where table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return {name: nullable == "YES" for name, nullable in rows}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def load_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, run_id: str) -> int:
    """Write `frame` into `table` idempotently; return the number of rows inserted. Run inside the caller's transaction."""
    spec: TableSpec | None = TABLES.get(table)
    if spec is None:
        raise LoadError(f"table {table!r} is not declared in ingest.tables")
    if frame.is_empty():
        return 0
    columns = table_columns(cur, table)
    extra = [c for c in frame.columns if c not in columns]
    if extra:
        raise LoadError(f"{table}: unknown column(s) {', '.join(extra)}")
    if "run_id" in columns:
        frame = frame.with_columns(pl.lit(run_id).alias("run_id"))
    missing = [c for c, nullable in columns.items() if not nullable and c not in frame.columns and c != "run_id"]
    if missing:
        raise LoadError(f"{table}: required column(s) missing: {', '.join(missing)}")
    for column in spec.key:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(column))
    for column, nullable in columns.items():
        if not nullable and column in frame.columns and frame[column].null_count():
            raise LoadError(f"{table}: column {column} has {frame[column].null_count()} empty value(s)")

    frame = frame.unique(subset=list(spec.key), keep="last", maintain_order=True)
    cols = ", ".join(_quote(c) for c in frame.columns)
    match = " and ".join(f"t.{_quote(k)} is not distinct from s.{_quote(k)}" for k in spec.key)
    target = _quote(table)
    staging = f"_stage_{table}"
    cur.register(staging, frame)
    try:
        if spec.mode == "merge":
            cur.execute(f"delete from {target} t where exists (select 1 from {staging} s where {match})")
            cur.execute(f"insert into {target} ({cols}) select {cols} from {staging}")
            return frame.height
        before = cur.execute(f"select count(*) from {target}").fetchall()[0][0]
        cur.execute(
            f"insert into {target} ({cols}) select {cols} from {staging} s where not exists (select 1 from {target} t where {match})"
        )
        return cur.execute(f"select count(*) from {target}").fetchall()[0][0] - before
    except duckdb.ConversionException as exc:
        raise LoadError(f"{table}: a value does not fit its column: {str(exc).splitlines()[0]}") from None
    finally:
        cur.unregister(staging)
