/* explorer:utilization:series — utilization per network and model over time (fraction), bucketed to keep a few hundred points */
with points as (
    select
        network,
        gpu_model,
        time_bucket(cast($bucket as interval), observed_at) as bucket,
        avg(utilization) as utilization,
        sum(capacity) as capacity,
        sum(used) as used,
        count(*) as observations,
        any_value(source) as source
    from utilization
    where resource = 'gpu'
      and list_contains($networks, network)
      and observed_at >= $since
      and ($model = '*' or gpu_model = $model)
    group by all
)

select * from points order by bucket, network, gpu_model
