-- the newest utilization per network × GPU model × resource; utilization is a fraction 0..1
create or replace view latest_utilization as
with ranked as (
    select
        *,
        row_number() over (partition by network, gpu_model, resource order by observed_at desc, source) as recency
    from utilization
),

final as (
    select * exclude (recency) from ranked where recency = 1
)

select * from final
