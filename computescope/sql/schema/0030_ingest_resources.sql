-- why: each resource of a source loads on its own, so one failing endpoint fails only that resource and the run
-- reads 'partial'; what happened to every resource of every run is kept here beside the run row. A run left
-- 'running' by a killed process is marked 'aborted' by the next run. Prices carry the canonical macro-region
-- beside the provider's own region name, so every page can show one macro-region per row.
create table ingest_run_resources (
    run_id        varchar not null,
    source        varchar not null,
    resource      varchar not null,
    status        varchar not null,       -- loaded | failed
    rows_written  bigint not null default 0,
    error         varchar,
    finished_at   timestamptz not null,
    primary key (run_id, resource)
);

alter table prices add column macro_region varchar;

-- the process that runs it (host, pid, start); another process's run still 'running' was cut off
alter table ingest_runs add column owner varchar;
