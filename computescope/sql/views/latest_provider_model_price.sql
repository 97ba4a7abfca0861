-- one headline price per provider × GPU model: the median of its newest prices of the most telling type
-- (network bid median, then on-demand, then list), USD per GPU-hour
create or replace view provider_model_price as
with typed as (
    select
        *,
        case price_type
            when 'bid_median' then 1
            when 'on_demand' then 2
            when 'list' then 3
            when 'bid_weighted_avg' then 4
            when 'bid_avg' then 5
            else 9
        end as type_rank
    from latest_prices
    where price_type <> 'spot'
),

best as (
    select *, min(type_rank) over (partition by provider, gpu_model) as best_rank
    from typed
),

final as (
    select
        provider,
        any_value(provider_kind) as provider_kind,
        gpu_model,
        any_value(price_type) as price_type,
        median(usd_per_gpu_hour) as usd_per_gpu_hour,
        count(*) as offers,
        arg_max(source, observed_at) as source,
        arg_max(source_url, observed_at) as source_url,
        max(observed_at) as observed_at
    from best
    where type_rank = best_rank
    group by provider, gpu_model
)

select * from final
