"""The scheduler registry: one job per enabled source, none that reach the internet when offline, one scheduler per database."""

from pathlib import Path

import pytest

from computescope.db import Database
from computescope.ingest.scheduler import JOB_DEFAULTS, Scheduler, SchedulerLocked, source_jobs
from computescope.sources import SOURCES, load_settings


def test_registry_reads_like_a_table(db: Database, tmp_path: Path) -> None:
    online = source_jobs(db, load_settings({"db": tmp_path / "x.duckdb"}, environ={}), SOURCES)
    assert [j.id for j in online] == [f"ingest:{n}" for n, s in SOURCES.items() if s.IDENTITY.interval_minutes > 0]
    assert {j.id: j.minutes for j in online}["ingest:akash"] == 60
    offline = source_jobs(db, load_settings({"db": tmp_path / "x.duckdb", "offline": True}, environ={}), SOURCES)
    assert offline == []
    only = source_jobs(db, load_settings({"db": tmp_path / "x.duckdb"}, environ={"COMPUTESCOPE_SOURCES": "render", "COMPUTESCOPE_RENDER_INTERVAL": "15"}), SOURCES)
    assert [(j.id, j.minutes) for j in only] == [("ingest:render", 15)]


def test_jobs_never_overlap_and_coalesce() -> None:
    assert JOB_DEFAULTS["max_instances"] == 1 and JOB_DEFAULTS["coalesce"] is True and JOB_DEFAULTS["misfire_grace_time"] > 0


def test_only_one_scheduler_per_database(db: Database, tmp_path: Path) -> None:
    lock = tmp_path / "x.duckdb.scheduler.lock"
    first, second = Scheduler(lock), Scheduler(lock)
    jobs = source_jobs(db, load_settings({"db": tmp_path / "x.duckdb"}, environ={"COMPUTESCOPE_SOURCES": "render"}), SOURCES)
    first.start(jobs, first_run_after_s=3600)
    try:
        assert list(first.next_runs()) == ["ingest:render"]
        with pytest.raises(SchedulerLocked, match="another process already schedules"):
            second.start(jobs)
    finally:
        first.shutdown()
    second.start(jobs, first_run_after_s=3600)  # the lock is free again
    second.shutdown()
