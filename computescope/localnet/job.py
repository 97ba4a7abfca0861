"""The scheduler job that keeps the local network running: one tick every 3600 / speed-up seconds."""

from __future__ import annotations

from computescope.db import Database
from computescope.ingest.scheduler import Job
from computescope.localnet.live import LiveNet, LiveSettings
from computescope.settings import Settings


def localnet_job(db: Database, settings: Settings) -> Job:
    """A Job for Scheduler.start: sized by COMPUTESCOPE_LOCALNET_NODES (default 200) and _SPEEDUP (default 60, a tick a minute).

    Raises LocalnetSettingsError (one line) for a bad value. The first tick writes two weeks of history when the database
    has no local network yet, or continues the one it has.
    """
    live = LiveSettings.from_env()
    net = LiveNet(db, settings, live)
    return Job("localnet:tick", live.tick_seconds / 60.0, net.tick_safely)
