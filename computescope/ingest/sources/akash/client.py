"""Requests to the Akash Console API: one GET per resource, with the query each endpoint needs."""

from __future__ import annotations

from collections.abc import Mapping

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.sources.akash.settings import PROVIDERS_PATH, PROVIDERS_QUERY

# path -> query parameters; no endpoint we read pages, each answers in one response
QUERIES: Mapping[str, Mapping[str, str]] = {PROVIDERS_PATH: PROVIDERS_QUERY}


def query_for(resource: Resource) -> Mapping[str, str] | None:
    return QUERIES.get(resource.path)


def get(ctx: FetchContext, resource: Resource) -> Payload:
    """The raw response for one resource; HTTP faults raise FetchError from the shared client."""
    return ctx.http.get(ctx.url(resource.path), resource=resource.name, params=query_for(resource))
