-- Why: the Status page must say when each source runs next without asking the process that schedules it
-- (a web worker of the split deployment has no scheduler); the scheduler publishes its plan here.
create table if not exists scheduled_jobs (
    job_id           varchar primary key,
    interval_minutes double,
    next_run_at      timestamptz,
    published_at     timestamptz not null
);
