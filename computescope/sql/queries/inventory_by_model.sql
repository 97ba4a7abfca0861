/* explorer:inventory:by_model — newest GPU count per network × model for the chosen measures; GPUs */
with latest as (
    select network, gpu_model, gpu_class, measure, sum(gpus) as gpus, max(observed_at) as observed_at,
        any_value(source) as source, any_value(source_url) as source_url
    from latest_inventory
    where gpu_model <> '*'
      and list_contains($networks, network)
    group by network, gpu_model, gpu_class, measure
),

preferred as (
    -- one headline measure per network: the first of the preference list that the network publishes per model
    select *, row_number() over (
        partition by network, gpu_model
        order by case measure when 'total' then 1 when 'verified' then 2 when 'registered' then 3 when 'active' then 4 else 9 end
    ) as preference
    from latest
),

final as (
    select network, gpu_model, coalesce(gpu_class, 'unknown') as gpu_class, measure, gpus, source, source_url, observed_at
    from preferred
    where preference = 1
)

select * from final order by gpus desc
