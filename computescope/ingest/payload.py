"""What a fetch produces and the errors a source raises: the raw payload, a shape error, a skip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
