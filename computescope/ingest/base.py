"""What a source hands the runner: raw payloads to land, and frames per table parsed from them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import polars as pl

from computescope.settings import Settings, SourceSettings

if TYPE_CHECKING:
    from computescope.ingest.http import HttpClient


class SchemaError(ValueError):
    """A payload does not have the documented shape; names the source, the field and the problem."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        super().__init__(f"{source}: {where}: {problem}")
        self.source, self.where, self.problem = source, where, problem


class SourceSkipped(Exception):
    """The source cannot run in this configuration (e.g. it needs a token); not an error."""


@dataclass(frozen=True)
class Payload:
    resource: str
    url: str
    body: bytes
    fetched_at: datetime
    status_code: int | None = None
    content_type: str | None = None


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
    def fetch(self, ctx: FetchContext) -> Iterator[Payload]: ...

    def parse(self, payloads: list[Payload]) -> dict[str, pl.DataFrame]: ...
