/* explorer:status:outage — of the network sources that have run, how many failed their newest run, and when any last loaded data */
with runs as (
    select
        source, status, finished_at,
        row_number() over (partition by source order by started_at desc) as recency
    from ingest_runs
    where list_contains($sources, source) and status not in ('running', 'skipped')
),

per_source as (
    select
        source,
        bool_or(recency = 1 and status in ('failed', 'aborted')) as down,
        max(finished_at) filter (where status in ('success', 'partial')) as last_loaded_at
    from runs
    group by source
),

final as (
    select
        count(*) as sources_run,
        count(*) filter (where down) as sources_down,
        max(last_loaded_at) as last_loaded_at
    from per_source
)

select * from final
