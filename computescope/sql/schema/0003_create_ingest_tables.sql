-- why: every run is logged with its outcome, and every payload is landed raw before it is parsed,
-- so a failed parse loses nothing and any run can be replayed.

create table ingest_runs (
    run_id        varchar primary key,
    source        varchar not null,
    status        varchar not null,       -- running | success | failed | skipped
    trigger       varchar not null,       -- cli | scheduler | startup | replay
    base_url      varchar,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    duration_s    double,
    rows_written  bigint not null default 0,
    error         varchar
);

create table raw_landing (
    run_id        varchar not null,
    source        varchar not null,
    resource      varchar not null,
    url           varchar not null,
    fetched_at    timestamptz not null,
    status_code   integer,
    content_type  varchar,
    bytes         bigint not null,
    sha256        varchar not null,
    body          blob not null
);
