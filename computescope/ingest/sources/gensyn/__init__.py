"""Gensyn RL Swarm dashboard API: the swarm's current round and stage, and how many peers are on its leaderboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.http import FetchError
from computescope.ingest.sources.gensyn import settings as s
from computescope.ingest.sources.gensyn.settings import IDENTITY as IDENTITY
from computescope.ingest.sources.validate import Shape, frame, parse_payloads

RESOURCES = (
    Resource(s.ROUND_RESOURCE, s.ROUND_PATH, ("network_facts",)),
    Resource(s.LEADERBOARD_RESOURCE, s.LEADERBOARD_PATH, ("network_facts",)),
)


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    try:
        return ctx.http.get(ctx.url(resource.path), resource=resource.name)
    except FetchError as exc:
        if exc.status != 404:
            raise
        raise FetchError(exc.url, f"HTTP 404: {resource.path} is {s.NOT_SERVED}", 404) from None


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def _fact(payload: Payload, metric: str, value: float, unit: str, note: str) -> dict[str, Any]:
    return {
        "network": s.NETWORK, "metric": metric, "value": value, "unit": unit, "note": note,
        "source": s.SOURCE, "source_url": payload.url, "observed_at": payload.fetched_at,
    }


def _round_and_stage(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    document = shape.obj(shape.document(payload), "")
    current = {"round": shape.integer(document, "round", ""), "stage": shape.integer(document, "stage", "")}
    metrics = {"round": s.METRIC_ROUND, "stage": s.METRIC_STAGE}
    # the node answers -1 until it has read the round from the swarm: that is "not known", not a round
    rows = [
        _fact(payload, metrics[name], float(value), name, f"RL Swarm {name} the dashboard node reports")
        for name, value in current.items()
        if value >= 0
    ]
    return {"network_facts": frame("network_facts", rows)}


def _leaderboard(payload: Payload) -> dict[str, pl.DataFrame]:
    shape = Shape(s.SOURCE, payload.resource)
    document = shape.obj(shape.document(payload), "")
    for i, leader in enumerate(shape.field_items(document, "leaders", "")):
        shape.text(shape.obj(leader, f"leaders[{i}]"), "id", f"leaders[{i}]")
    total = shape.count(document, "total", "")
    row = _fact(payload, s.METRIC_PARTICIPANTS, float(total), "peers", "peers with a score in the current round and stage")
    return {"network_facts": frame("network_facts", [row])}


def parse(payloads: list[Payload]) -> dict[str, pl.DataFrame]:
    return parse_payloads(s.SOURCE, payloads, {s.ROUND_RESOURCE: _round_and_stage, s.LEADERBOARD_RESOURCE: _leaderboard})
