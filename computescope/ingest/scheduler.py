"""APScheduler registry: one interval job per enabled source, no overlapping runs, guarded so only one process schedules."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler

from computescope.db import Database, write_text
from computescope.ingest.base import SourceModule
from computescope.ingest.runner import run
from computescope.settings import Settings

log = logging.getLogger(__name__)
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


@dataclass(frozen=True)
class Job:
    id: str
    minutes: float
    call: Callable[[], object]


class SchedulerLocked(RuntimeError):
    """Another process already runs the scheduler for this database."""


def source_jobs(db: Database, settings: Settings, sources: Mapping[str, SourceModule]) -> list[Job]:
    """The registry as a table: every enabled, interval-driven source; network sources are left out when offline."""
    jobs = []
    for name, module in sources.items():
        source = settings.source(name)
        if not source.enabled or source.interval_minutes <= 0:
            continue
        if settings.offline and module.IDENTITY.base_url:
            continue
        jobs.append(Job(f"ingest:{name}", source.interval_minutes, lambda m=module: run(db, settings, m, trigger="scheduler")))
    return jobs


class Scheduler:
    """A BackgroundScheduler behind a non-blocking flock on <db>.scheduler.lock."""

    def __init__(self, lock_path: Path, db: Database | None = None) -> None:
        self.lock_path = lock_path
        self.db = db  # where the plan is published for pages to read (None: not published)
        self._lock: IO[str] | None = None
        self._scheduler = BackgroundScheduler(timezone="UTC", job_defaults=JOB_DEFAULTS)

    def start(self, jobs: list[Job], first_run_after_s: float = 10.0, stagger_s: float = 5.0) -> None:
        """Take the lock and start; each job first runs shortly after start-up (staggered), then on its interval."""
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.lock_path, "a+")  # noqa: SIM115 - held for the life of the process
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise SchedulerLocked(f"another process already schedules jobs for this database ({self.lock_path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock = handle
        now = datetime.now(UTC)
        for i, job in enumerate(jobs):
            first = now + timedelta(seconds=first_run_after_s + i * stagger_s)
            self._scheduler.add_job(job.call, "interval", minutes=job.minutes, id=job.id, name=job.id, replace_existing=True, next_run_time=first)
        self._scheduler.add_listener(lambda _event: self.publish(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self._scheduler.start()
        self.publish()
        log.info("scheduler started with %d job(s)", len(jobs))

    def add(self, job: Job, seconds: float | None = None) -> None:
        trigger_args = {"seconds": seconds} if seconds is not None else {"minutes": job.minutes}
        self._scheduler.add_job(job.call, "interval", id=job.id, name=job.id, replace_existing=True, **trigger_args)
        self.publish()

    def next_runs(self) -> dict[str, datetime | None]:
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def publish(self) -> None:
        """Write the plan (job, interval, next run) to the database, replacing the previous one in one transaction."""
        if self.db is None or not self._scheduler.running:
            return
        now = datetime.now(UTC)
        rows = [(job.id, _minutes(job.trigger), job.next_run_time, now) for job in self._scheduler.get_jobs()]
        cur = self.db.cursor()
        try:
            cur.execute("begin")
            cur.execute(write_text("scheduled_jobs_clear"))
            if rows:
                cur.executemany(write_text("scheduled_jobs_publish"), rows)
            cur.execute("commit")
        except Exception as exc:  # the plan is informative; a failed write must never stop a job
            cur.execute("rollback")
            log.warning("could not publish the scheduler's plan: %s", exc)

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None


def _minutes(trigger: object) -> float | None:
    interval = getattr(trigger, "interval", None)
    return interval.total_seconds() / 60 if interval is not None else None
