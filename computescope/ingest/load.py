"""Polars frames into DuckDB: checked against the table, staged, then appended or merged by the declared key."""

from __future__ import annotations

import duckdb
import polars as pl

from computescope.core.catalog.regions import canonical_region
from computescope.db import write_text
from computescope.ingest.tables import TABLES, TableSpec


class LoadError(ValueError):
    """A frame does not fit its table; the message names the table and the column."""


def table_columns(cur: duckdb.DuckDBPyConnection, table: str) -> dict[str, bool]:
    """Column name -> nullable, read from the catalogue (the identifier allowlist for SQL)."""
    rows = cur.execute(write_text("load_table_columns"), [table]).fetchall()
    return {name: nullable == "YES" for name, nullable in rows}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _derived(table: str, frame: pl.DataFrame, columns: dict[str, bool]) -> pl.DataFrame:
    """Columns every source gets alike: a price's macro-region from the provider's own region name (kept in `region`)."""
    if table == "prices" and "macro_region" in columns and "region" in frame.columns and "macro_region" not in frame.columns:
        names = frame["region"].unique().to_list()
        lookup = {name: canonical_region(name) or None for name in names if name is not None}
        return frame.with_columns(pl.col("region").replace_strict(lookup, default=None, return_dtype=pl.String()).alias("macro_region"))
    return frame


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
    frame = _derived(table, frame, columns)
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
        names = {"target": target, "staging": staging, "columns": cols, "match": match}
        if spec.mode == "merge":
            cur.execute(write_text("load_merge_delete").format(**names))
            cur.execute(write_text("load_insert_all").format(**names))
            return frame.height
        count = write_text("load_count").format(**names)
        before = cur.execute(count).fetchall()[0][0]
        cur.execute(write_text("load_insert_new").format(**names))
        return cur.execute(count).fetchall()[0][0] - before
    except duckdb.ConversionException as exc:
        raise LoadError(f"{table}: a value does not fit its column: {str(exc).splitlines()[0]}") from None
    finally:
        cur.unregister(staging)
