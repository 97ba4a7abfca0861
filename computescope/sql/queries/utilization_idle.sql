/* explorer:utilization:idle — newest capacity, used and idle GPUs per network and model */
with ranked as (
    select *, row_number() over (partition by network, gpu_model order by observed_at desc) as recency
    from utilization
    where resource = 'gpu' and capacity is not null and list_contains($networks, network)
),

final as (
    select network, gpu_model, capacity, used, capacity - used as idle, utilization, period, source, source_url, observed_at
    from ranked
    where recency = 1
)

select * from final order by idle desc
