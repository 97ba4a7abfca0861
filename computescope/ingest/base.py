"""What a source hands the runner: raw payloads to land, and frames per table parsed from them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from computescope.ingest.http import HttpClient
from computescope.ingest.payload import Payload, SchemaError, SourceSkipped
from computescope.settings import Settings, SourceIdentity, SourceSettings

__all__ = ["FetchContext", "Payload", "Resource", "ResourceSource", "SchemaError", "SourceModule", "SourceSkipped"]


@dataclass(frozen=True)
class Resource:
    """What a source pulls: a name, the path under the base URL, the tables it feeds and its incremental cursor."""

    name: str
    path: str
    tables: tuple[str, ...]
    cursor: str | None = None   # field that orders the data (None = full refresh every run)


@dataclass(frozen=True)
class FetchContext:
    settings: Settings
    source: SourceSettings
    run_id: str
    http: HttpClient

    def url(self, path: str) -> str:
        return self.source.base_url + path

    def secret(self, name: str) -> str | None:
        return self.settings.secrets.get(name)


class SourceModule(Protocol):
    IDENTITY: SourceIdentity

    def fetch(self, ctx: FetchContext) -> Iterator[Payload]: ...

    def parse(self, payloads: list[Payload]) -> dict[str, pl.DataFrame]: ...


class ResourceSource(SourceModule, Protocol):
    """A source whose resources load on their own: one failing endpoint fails its resource, the others still load."""

    RESOURCES: Sequence[Resource]

    def fetch_resource(self, ctx: FetchContext, resource: Resource) -> Payload: ...


def per_resource(module: SourceModule) -> ResourceSource | None:
    """The module as a per-resource source, or None when it fetches and loads as one unit."""
    if hasattr(module, "RESOURCES") and hasattr(module, "fetch_resource"):
        return module  # type: ignore[return-value]
    return None

