"""Akash providers (/v1/providers) as nodes: operator, place, first GPU and uptime; contact details are never read."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import polars as pl

from computescope.ingest.payload import Payload
from computescope.ingest.sources.akash import transform
from computescope.ingest.sources.akash.rows import Frames, normalized
from computescope.ingest.sources.validate import Shape

SCHEMA: dict[str, pl.DataType] = {
    "owner": pl.String(), "name": pl.String(), "host": pl.String(), "organization": pl.String(), "location_region": pl.String(),
    "ip_region": pl.String(), "country": pl.String(), "is_online": pl.Boolean(), "uptime_1d": pl.Float64(),
    "uptime_7d": pl.Float64(), "uptime_30d": pl.Float64(), "gpu_model_raw": pl.String(), "ram": pl.String(),
    "interface_raw": pl.String(),
}


def _text(shape: Shape, record: Any, name: str, where: str) -> str | None:
    """Text that Console may send as null, as "", or leave out."""
    return shape.text(record, name, where, optional=True, nullable=True, blank=True)


def providers(shape: Shape, body: Any, payload: Payload) -> Frames:
    rows = []
    for i, provider in enumerate(shape.items(body, "")):
        where = f"[{i}]"
        provider = shape.obj(provider, where)
        host_uri = _text(shape, provider, "hostUri", where)
        models = shape.field_items(provider, "gpuModels", where, nullable=True)
        gpu_where = f"{where}.gpuModels[0]"
        first_gpu = shape.obj(models[0], gpu_where) if models else {}
        # `email` is never read: contact details stay out of the database
        rows.append({
            "owner": shape.text(provider, "owner", where),
            "name": shape.text(provider, "name", where, nullable=True, blank=True),
            "host": urlsplit(host_uri).hostname if host_uri else None,
            "organization": _text(shape, provider, "organization", where),
            "location_region": _text(shape, provider, "locationRegion", where),
            "ip_region": shape.text(provider, "ipRegion", where, nullable=True, blank=True),
            "country": shape.text(provider, "ipCountryCode", where, nullable=True, blank=True),
            "is_online": shape.flag(provider, "isOnline", where),
            "uptime_1d": shape.fraction(provider, "uptime1d", where),
            "uptime_7d": shape.fraction(provider, "uptime7d", where),
            "uptime_30d": shape.fraction(provider, "uptime30d", where),
            "gpu_model_raw": shape.text(first_gpu, "model", gpu_where, nullable=True, blank=True) if first_gpu else None,
            "ram": _text(shape, first_gpu, "ram", gpu_where),
            "interface_raw": _text(shape, first_gpu, "interface", gpu_where),
        })
    frame = (
        normalized(rows, SCHEMA).lazy()
        .pipe(transform.provider_nodes)
        .pipe(transform.stamp, payload.url, payload.fetched_at)
        .pipe(transform.conform, transform.NODES)
        .collect()
    )
    return {"nodes": frame}
