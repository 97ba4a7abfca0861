"""Raw landing: every payload is stored as fetched, before parsing, so any run can be replayed."""

from __future__ import annotations

import hashlib
from datetime import UTC

import duckdb

from computescope.db import write_text
from computescope.ingest.payload import Payload


def land(cur: duckdb.DuckDBPyConnection, run_id: str, source: str, payload: Payload) -> None:
    cur.execute(
        write_text("raw_landing_insert"),
        [
            run_id,
            source,
            payload.resource,
            payload.url,
            payload.fetched_at,
            payload.status_code,
            payload.content_type,
            len(payload.body),
            hashlib.sha256(payload.body).hexdigest(),
            payload.body,
        ],
    )


def landed(cur: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, list[Payload]]:
    """The source name and payloads a run landed, in the order they were fetched."""
    rows = cur.execute(write_text("raw_landing_select"), [run_id]).fetchall()
    if not rows:
        raise LookupError(f"run {run_id} landed no payloads")
    payloads = [
        Payload(resource, url, bytes(body), fetched.astimezone(UTC), status, ctype)
        for _, resource, url, body, fetched, status, ctype in rows
    ]
    return rows[0][0], payloads
