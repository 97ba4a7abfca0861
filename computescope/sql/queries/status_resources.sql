/* explorer:status:resources — each resource of every source's newest run that loaded resource by resource: loaded or failed, why */
with newest as (
    select source, arg_max(run_id, finished_at) as run_id
    from ingest_run_resources
    group by source
),

final as (
    select r.source, r.resource, r.status, r.rows_written, r.error, r.finished_at, r.run_id
    from ingest_run_resources r
    join newest n using (source, run_id)
)

select * from final order by source, resource
