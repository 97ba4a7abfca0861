"""`computescope worker`: the one writer of a split deployment — scheduler, ingest, local network, spooled node writes, snapshots."""

from __future__ import annotations

import logging
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType

from flask import Flask

from computescope.db import Database
from computescope.deploy.snapshot import publish, snapshot_dir, spool_dir
from computescope.deploy.spool import drain
from computescope.explorer.api.intake import register_collector
from computescope.explorer.cache import data_version
from computescope.server import prepare, start_scheduler
from computescope.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    publish_every_s: float = 10.0   # at most one snapshot this often, and only after the data moved
    drain_every_s: float = 0.5


class Worker:
    """Owns the database: loads the spool, runs the scheduled jobs, and publishes a snapshot when the data version moved."""

    def __init__(self, db: Database, settings: Settings, options: WorkerOptions) -> None:
        self.db, self.settings, self.options = db, settings, options
        # the collector's own store, with the registration rules it builds from the settings; its routes serve nothing here
        self.store = register_collector(Flask(__name__), db, settings)
        self.snapshots = snapshot_dir(settings.db_path)
        self.spool = spool_dir(settings.db_path)
        self.stop = threading.Event()
        self.published_version: tuple[object, ...] | None = None
        self.published_at = 0.0

    def step(self, now: float) -> bool:
        """Load what web workers spooled; publish when the version moved and the last snapshot is old enough. True if published."""
        drain(self.spool, self.store)
        version = data_version(self.db)[:-1]  # the minute alone does not make new data
        due = now - self.published_at >= self.options.publish_every_s
        if version == self.published_version or not (due or self.published_version is None):
            return False
        publish(self.db, self.snapshots)
        self.published_version, self.published_at = version, now
        return True

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.step(time.monotonic())
            except Exception:  # one failed round must not stop the writer; the next one tries again
                log.exception("worker round failed")
            self.stop.wait(self.options.drain_every_s)


def run_worker(settings: Settings, options: WorkerOptions) -> int:
    db = prepare(settings)
    scheduler = start_scheduler(db, settings)
    worker = Worker(db, settings, options)
    worker.step(time.monotonic())  # the first snapshot before web workers are told to start

    def stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"computescope worker: writing {settings.db_path}, publishing {worker.snapshots}, loading {worker.spool}", flush=True)
    try:
        worker.run()
    finally:
        scheduler.shutdown()
        db.close()
    return 0

