"""Raw landing: every payload is stored as fetched, before parsing, so any run can be replayed."""

from __future__ import annotations

import hashlib
from datetime import UTC

import duckdb

from computescope.ingest.payload import Payload


def land(cur: duckdb.DuckDBPyConnection, run_id: str, source: str, payload: Payload) -> None:
    cur.execute(
        "insert into raw_landing (run_id, source, resource, url, fetched_at, status_code, content_type, bytes, sha256, body)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    rows = cur.execute(
        "select source, resource, url, body, fetched_at, status_code, content_type from raw_landing"
        " where run_id = ? order by fetched_at, resource",
        [run_id],
    ).fetchall()
    if not rows:
        raise LookupError(f"run {run_id} landed no payloads")
    payloads = [
        Payload(resource, url, bytes(body), fetched.astimezone(UTC), status, ctype)
        for _, resource, url, body, fetched, status, ctype in rows
    ]
    return rows[0][0], payloads
