"""Reads shared by the Akash parsers: counts that may be an unsigned -1, typed rows with catalogue GPU names, the day."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, date
from typing import Any

import polars as pl

from computescope.core.catalog.gpus import normalize_frame
from computescope.ingest.payload import Payload
from computescope.ingest.sources.akash.settings import IMPOSSIBLE_COUNT
from computescope.ingest.sources.validate import Shape

log = logging.getLogger(__name__)

Frames = dict[str, pl.DataFrame]


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def count(shape: Shape, record: Mapping[str, Any], name: str, path: str) -> float:
    """A GPU or CPU count; one at or above IMPOSSIBLE_COUNT is read (and logged) so the steps can drop it."""
    value = shape.number(record, name, path) or 0.0
    if value >= IMPOSSIBLE_COUNT:
        log.warning("akash %s: %s = %.6g is not a count (an unsigned -1); not used", shape.resource, join(path, name), value)
    return value


def day(shape: Shape, record: Mapping[str, Any], name: str, path: str) -> date:
    """The UTC day of a Console date-time ("2025-06-18T00:00:00.000Z")."""
    moment = shape.timestamp(record, name, path)
    if moment is None:
        shape.fail(join(path, name), "missing")
    return moment.date()


def today(payload: Payload) -> date:
    return payload.fetched_at.astimezone(UTC).date()


def normalized(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows typed by `schema`, with the GPU name mapped to the catalogue (unknown names kept as written)."""
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return normalize_frame(frame, "gpu_model_raw", vram_col="ram", interface_col="interface_raw")
