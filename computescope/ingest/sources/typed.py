"""Typed columns from text: casts that name the field and row that failed, shared by file-based sources."""

from __future__ import annotations

import polars as pl

from computescope.ingest.payload import SchemaError

DATE_FORMAT = "%Y-%m-%d"


def cast_columns(source: str, where: str, frame: pl.DataFrame, types: dict[str, pl.DataType]) -> pl.DataFrame:
    """Cast text columns to `types`; a value that does not parse raises SchemaError with column and row."""
    casts = []
    for column, dtype in types.items():
        text = pl.col(column).str.strip_chars().replace("", None)
        if dtype == pl.Datetime("us", "UTC"):
            expr = text.str.to_datetime(DATE_FORMAT if frame[column].str.len_chars().max() == 10 else None, strict=False, time_zone="UTC")
        elif dtype == pl.Date:
            expr = text.str.to_date(DATE_FORMAT, strict=False)
        elif dtype == pl.Boolean:
            expr = text.str.to_lowercase().replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
        elif dtype == pl.Utf8:
            expr = text
        else:
            expr = text.str.replace_all(",", "").cast(dtype, strict=False)
        casts.append((column, text, expr))
    out = frame.with_columns([expr.alias(column) for column, _, expr in casts])
    for column, text, _ in casts:
        bad = frame.select(text.alias("v")).with_row_index("row").filter(pl.col("v").is_not_null() & out[column].is_null())
        if bad.height:
            first = bad.row(0, named=True)
            raise SchemaError(source, where, f"field {column}: cannot read {first['v']!r} as {types[column]} (data row {first['row'] + 1})")
    return out


def require_header(source: str, where: str, frame: pl.DataFrame, expected: list[str]) -> None:
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise SchemaError(source, where, f"missing column(s) {', '.join(missing)}; got {', '.join(frame.columns)}")
