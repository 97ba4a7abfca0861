"""Fetches one vms.csv per cloud from the SkyPilot catalog; a cloud that cannot be fetched fails its resource by name."""

from __future__ import annotations

from collections.abc import Iterator

from computescope.ingest.base import FetchContext, Payload, Resource
from computescope.ingest.http import FetchError
from computescope.ingest.sources.clouds.settings import CLOUDS

RESOURCES: tuple[Resource, ...] = tuple(
    Resource(f"{cloud}/vms.csv", f"/{spec.version}/{cloud}/vms.csv", ("prices",)) for cloud, spec in CLOUDS.items()
)


def cloud_of(resource: str) -> str:
    return resource.split("/", 1)[0]


def fetch_resource(ctx: FetchContext, resource: Resource) -> Payload:
    """One cloud's file; a fault names the cloud (the runner loads the other clouds all the same)."""
    try:
        return ctx.http.get(ctx.url(resource.path), resource=resource.name)
    except FetchError as exc:
        raise FetchError(exc.url, f"{cloud_of(resource.name)} catalog: {exc.reason}", exc.status) from None


def catalogs(ctx: FetchContext) -> Iterator[Payload]:
    """Each cloud's file in turn."""
    for resource in RESOURCES:
        yield fetch_resource(ctx, resource)
