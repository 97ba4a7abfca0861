-- the newest observation per network × GPU variant × measure; counts are GPUs
create or replace view latest_inventory as
with ranked as (
    select
        *,
        row_number() over (
            partition by network, gpu_model, vram_gb, interface, measure
            order by observed_at desc, source
        ) as recency
    from gpu_inventory
),

final as (
    select * exclude (recency) from ranked where recency = 1
)

select * from final
