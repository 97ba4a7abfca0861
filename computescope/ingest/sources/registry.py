"""The table of ingest sources: name, default base URL, default interval and the module that fetches it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str                 # shown on pages beside every figure from this source
    base_url: str              # empty for sources that read no URL
    interval_minutes: int      # 0 = not scheduled (loaded once at start-up)
    module: str                # import path of the source package


SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        SourceSpec("snapshot", "Bundled public snapshot", "", 0, "computescope.ingest.sources.snapshot"),
    )
}
