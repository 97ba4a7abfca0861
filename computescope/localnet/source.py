"""The local network as an ingest source: each live tick lands its facts as Arrow payloads, parsed back into shared-table frames."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime

import polars as pl

from computescope.ingest.base import FetchContext, Payload, SchemaError, SourceSkipped
from computescope.settings import SourceIdentity

SOURCE = "localnet"
IDENTITY = SourceIdentity(SOURCE, "Local network (this explorer's core)", "", 0)
CONTENT_TYPE = "application/vnd.apache.arrow.stream"
PENDING: dict[str, dict[str, pl.DataFrame]] = {}   # a tick's shared frames, handed from the tick to fetch
TABLES = ("networks", "providers", "nodes", "gpu_inventory", "utilization", "prices", "token_flows", "token_supply", "network_facts", "tokens")


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    """The pending tick's frames, one compressed Arrow stream per table (the tick itself ran the core)."""
    pending = PENDING.get(str(ctx.settings.db_path))
    if pending is None:
        raise SourceSkipped("the local network ticks on its own schedule: `computescope serve` runs it, `computescope localnet tick` steps it")
    now = datetime.now(UTC)
    for table, frame in pending.items():
        sink = io.BytesIO()
        frame.write_ipc_stream(sink, compression="zstd")
        yield Payload(table, f"localnet:tick/{table}", sink.getvalue(), now, None, CONTENT_TYPE)


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    out: dict[str, pl.DataFrame] = {}
    for payload in payloads:
        if payload.resource not in TABLES:
            raise SchemaError(SOURCE, payload.resource, f"not a table the local network writes (expected one of {', '.join(TABLES)})")
        try:
            out[payload.resource] = pl.read_ipc_stream(io.BytesIO(payload.body))
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise SchemaError(SOURCE, payload.resource, f"not an Arrow stream: {str(exc).splitlines()[0]}") from None
    return out
