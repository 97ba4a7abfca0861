"""`computescope serve`: open the database, apply migrations, load the snapshot, then serve the explorer."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

from computescope.alerts.job import alerts_job
from computescope.db import Database
from computescope.explorer.app import create_app
from computescope.ingest.scheduler import Scheduler, SchedulerLocked, source_jobs
from computescope.localnet.job import localnet_job
from computescope.settings import Settings
from computescope.sources import SOURCES, run_source

log = logging.getLogger(__name__)


def url_file(db_path: Path) -> Path:
    """Where a running `serve` writes its address, so read-only commands can ask it while it holds the database."""
    return db_path.with_name(db_path.name + ".url")


def prepare(settings: Settings) -> Database:
    """The embedded default: a migrated database holding at least the bundled snapshot."""
    db = Database(settings.db_path)
    result = run_source(db, settings, "snapshot", trigger="startup")
    if result.status != "success":
        log.warning("the bundled snapshot did not load: %s", result.error)
    return db


def start_scheduler(db: Database, settings: Settings) -> Scheduler:
    """Every source's job and the local network's, in this process unless another one already schedules."""
    scheduler = Scheduler(settings.db_path.with_name(settings.db_path.name + ".scheduler.lock"), db)
    try:
        jobs = source_jobs(db, settings, SOURCES)
        if settings.localnet:
            jobs.insert(0, localnet_job(db, settings))  # first, so the network is moving within seconds of start-up
        jobs.append(alerts_job(db))
        scheduler.start(jobs)
    except SchedulerLocked as exc:
        log.warning("%s: running without a scheduler", exc)
    return scheduler


def serve(settings: Settings) -> int:
    db = prepare(settings)
    scheduler = start_scheduler(db, settings)
    app = create_app(db)
    print(f"computescope: serving http://{settings.host}:{settings.port} (database {settings.db_path})", flush=True)
    local = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    address = url_file(settings.db_path)
    address.write_text(f"http://{local}:{settings.port}\n", encoding="utf-8")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so a terminated server still removes its address file
    try:
        app.run(host=settings.host, port=settings.port, debug=False, threaded=True)
    finally:
        address.unlink(missing_ok=True)
        scheduler.shutdown()
    return 0
