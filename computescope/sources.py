"""Every ingest source this installation has, assembled from the sources' own identities."""

from __future__ import annotations

from collections.abc import Mapping

from computescope.db import Database
from computescope.ingest import runner
from computescope.ingest.base import SourceModule
from computescope.ingest.http import HttpClient
from computescope.ingest.sources import aethir, akash, azure, clouds, gensyn, ionet, market, render, snapshot
from computescope.localnet import source as localnet
from computescope.settings import Settings
from computescope.settings import load_settings as _load_settings

SOURCES: dict[str, SourceModule] = {
    module.IDENTITY.name: module
    for module in (snapshot, localnet, akash, ionet, render, aethir, gensyn, market, clouds, azure)  # type: ignore[misc]
}


def title(name: str) -> str:
    """The source's name as pages show it beside its figures."""
    module = SOURCES.get(name)
    return module.IDENTITY.title if module else name


def load_settings(overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings with an entry for every source above (base URL and interval from the environment or the source)."""
    return _load_settings(overrides, environ, (module.IDENTITY for module in SOURCES.values()))


def run_source(db: Database, settings: Settings, name: str, trigger: str = "cli", http: HttpClient | None = None) -> runner.RunResult:
    """Run the named source now (see ingest.runner.run)."""
    if name not in SOURCES:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sorted(SOURCES))}")
    return runner.run(db, settings, SOURCES[name], trigger, http)


def replay_run(db: Database, run_id: str) -> runner.RunResult:
    """Load again what an earlier run landed (see ingest.runner.replay)."""
    return runner.replay(db, run_id, SOURCES)
