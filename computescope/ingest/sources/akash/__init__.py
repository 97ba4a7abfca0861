"""Akash Console API: GPU inventory, bid prices, daily utilization, providers, network totals and daily spend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from computescope.ingest.base import FetchContext, Payload, Resource, SchemaError
from computescope.ingest.sources.akash import client, inventory, market, providers
from computescope.ingest.sources.akash.rows import Frames
from computescope.ingest.sources.akash.settings import (
    DASHBOARD_PATH,
    GPU_BREAKDOWN_PATH,
    GPU_PATH,
    GPU_PRICES_PATH,
    NETWORK_CAPACITY_PATH,
    PROVIDERS_PATH,
    SOURCE,
    USD_SPENT_PATH,
)
from computescope.ingest.sources.akash.settings import (
    IDENTITY as IDENTITY,
)
from computescope.ingest.sources.validate import Shape

RESOURCES: list[Resource] = [
    Resource("gpu", GPU_PATH, ("gpu_inventory",)),
    Resource("gpu_prices", GPU_PRICES_PATH, ("gpu_inventory", "prices")),
    Resource("gpu_breakdown", GPU_BREAKDOWN_PATH, ("gpu_inventory", "utilization")),
    Resource("providers", PROVIDERS_PATH, ("nodes",)),
    Resource("dashboard_data", DASHBOARD_PATH, ("network_facts",)),
    Resource("network_capacity", NETWORK_CAPACITY_PATH, ("gpu_inventory", "utilization")),
    Resource("usd_spent", USD_SPENT_PATH, ("revenue",)),
]
TABLE_ORDER = ("nodes", "gpu_inventory", "utilization", "prices", "revenue", "network_facts")

_PARSERS: dict[str, Callable[[Shape, Any, Payload], Frames]] = {
    "gpu": inventory.gpu,
    "gpu_prices": market.gpu_prices,
    "gpu_breakdown": inventory.gpu_breakdown,
    "providers": providers.providers,
    "dashboard_data": market.dashboard_data,
    "network_capacity": inventory.network_capacity,
    "usd_spent": market.usd_spent,
}


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    return client.get(ctx, resource)


def fetch(ctx: FetchContext) -> Iterator[Payload]:
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)


def parse(payloads: list[Payload]) -> Frames:
    """Every payload validated and mapped; one bad payload fails the parse of the payloads given (the runner passes one resource)."""
    frames: dict[str, list[pl.DataFrame]] = {}
    for payload in payloads:
        parser = _PARSERS.get(payload.resource)
        if parser is None:
            raise SchemaError(SOURCE, payload.resource, "not an Akash Console resource")
        shape = Shape(SOURCE, payload.resource)
        for table, frame in parser(shape, shape.document(payload), payload).items():
            frames.setdefault(table, []).append(frame)
    return {t: pl.concat(frames[t], how="vertical") for t in TABLE_ORDER if t in frames}
