-- why: a data check that fails is recorded with the run it followed (or the `computescope check` that ran it),
-- so a contradiction is visible on Status and at /api/v1/checks instead of silently reaching a page.

create table check_results (
    check_id     varchar not null,          -- the run, or 'check-<time>' for an on-demand run
    run_id       varchar,                   -- the ingest run the checks followed, when they followed one
    check_name   varchar not null,          -- assert_<what>, the file in sql/checks
    bad_rows     bigint not null,
    sample       varchar,                   -- up to five bad rows as JSON
    checked_at   timestamptz not null
);
