"""Whole-result downloads: every matching row as CSV or Parquet, streamed in batches so no answer is built whole in memory."""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from flask import Response, stream_with_context

from computescope.explorer.api.http import csv_safe

FORMATS = ("json", "csv", "parquet")
BATCH_ROWS = 5_000


def _text(df: pl.DataFrame) -> pl.DataFrame:
    """Times as ISO 8601 UTC text, as the JSON answers write them."""
    return df.with_columns(
        [pl.col(c).dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S%.fZ") for c, t in df.schema.items()
         if isinstance(t, pl.Datetime) and t.time_zone]
        + [pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%.f") for c, t in df.schema.items() if isinstance(t, pl.Datetime) and not t.time_zone]
    )


def csv_chunks(df: pl.DataFrame, batch_rows: int = BATCH_ROWS) -> Iterator[bytes]:
    """The header once, then each batch of rows."""
    buffer = io.BytesIO()
    _text(df.head(0)).write_csv(buffer)
    yield buffer.getvalue()
    for start in range(0, df.height, batch_rows):
        buffer = io.BytesIO()
        csv_safe(_text(df.slice(start, batch_rows))).write_csv(buffer, include_header=False)
        yield buffer.getvalue()


class _Sink(io.RawIOBase):
    """A write-only file whose bytes are handed on as they are written."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]  # the buffer protocol is all pyarrow passes
        self.parts.append(bytes(b))
        return len(b)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def parquet_chunks(df: pl.DataFrame, batch_rows: int = BATCH_ROWS) -> Iterator[bytes]:
    """One row group per batch, each sent as soon as it is written."""
    table = df.to_arrow()
    sink = _Sink()
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), table.schema, compression="zstd") as writer:
        for batch in table.to_batches(max_chunksize=batch_rows):
            writer.write_table(pa.Table.from_batches([batch], schema=table.schema))
            yield sink.take()
    yield sink.take()


def download(df: pl.DataFrame, name: str, fmt: str, total: int) -> Response:
    """A streamed CSV or Parquet answer with the number of matching rows in X-Total-Count."""
    chunks, mimetype = (csv_chunks(df), "text/csv") if fmt == "csv" else (parquet_chunks(df), "application/vnd.apache.parquet")
    response = Response(stream_with_context(chunks), mimetype=mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"', "X-Total-Count": str(total)})
    return response
