/* explorer:status:sources — one row per known source: its last run and last success */
with runs as (
    select
        source, status, started_at, rows_written, error,
        row_number() over (partition by source order by started_at desc) as recency
    from ingest_runs
),

last_run as (
    select * from runs where recency = 1
),

last_success as (
    select source, max(finished_at) as last_success_at
    from ingest_runs
    where status = 'success'
    group by source
),

last_error as (
    select source, arg_max(error, started_at) as last_error, max(started_at) as last_error_at
    from ingest_runs
    where status = 'failed'
    group by source
),

final as (
    select
        r.source,
        r.status as last_status,
        r.started_at as last_started_at,
        r.rows_written as last_rows,
        r.error as last_message,
        s.last_success_at,
        e.last_error,
        e.last_error_at
    from last_run r
    left join last_success s using (source)
    left join last_error e using (source)
)

select * from final order by source
