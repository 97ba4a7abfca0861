-- the newest price per provider × GPU variant × region × zone × price type × instance; USD per GPU-hour
create or replace view latest_prices as
with ranked as (
    select
        *,
        row_number() over (
            partition by provider, gpu_model, vram_gb, interface, region, zone, price_type, instance_type
            order by observed_at desc, source
        ) as recency
    from prices
),

final as (
    select * exclude (recency) from ranked where recency = 1
)

select * from final
