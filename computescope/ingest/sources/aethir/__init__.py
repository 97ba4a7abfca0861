"""Aethir protocol dashboard API: daily network revenue in USD."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import polars as pl

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.sources.aethir import settings as s
from computescope.ingest.sources.aethir.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.validate import Shape, frame, parse_payloads

RESOURCES = (Resource(s.REVENUE_RESOURCE, s.REVENUE_PATH, ("revenue",)),)


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    return ctx.http.get(ctx.url(resource.path), resource=resource.name)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def _revenue(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    document = shape.obj(shape.document(payload), "")
    rows = []
    for i, item in enumerate(shape.field_items(document, "dailyRevenue", "")):
        path = f"dailyRevenue[{i}]"
        day = shape.obj(item, path)
        start = shape.day(day, "date", path)
        rows.append({
            "network": s.NETWORK, "period_start": start, "period": s.PERIOD, "metric": s.METRIC,
            "usd": shape.number(day, "usdValue", path),
            "source": s.SOURCE, "source_url": payload.url,
            # the figure describes the whole UTC day, so it is observed at the day's end
            "observed_at": datetime.combine(start + timedelta(days=1), time(), UTC),
        })
    # today's figure is still growing and a loaded row is never replaced: load a day once it has ended
    return {"revenue": frame("revenue", rows).filter(pl.col("observed_at") <= payload.fetched_at)}


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    return parse_payloads(s.SOURCE, payloads, {s.REVENUE_RESOURCE: _revenue})
