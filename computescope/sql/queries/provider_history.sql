/* explorer:provider:history — one provider of a real network per UTC day since $since_day, from the provider_days rollup:
   online share of the polls, the network's published 24-hour uptime, GPUs; beside it the network's median bid for the
   provider's GPU model that day (USD per GPU-hour); newest first, $limit rows from $offset, with the total */
with mine as (
    select * from provider_days
    where network = $network and provider = $provider and day >= $since_day
),

market as (
    select cast(timezone('UTC', observed_at) as date) as day, gpu_model, median(usd_per_gpu_hour) as market_usd_per_gpu_hour
    from prices
    where provider = $network and price_type in ('bid_median', 'on_demand') and observed_at >= $since_day
        and gpu_model in (select distinct gpu_model from mine)
    group by all
),

final as (
    select
        d.day,
        d.name,
        d.operator,
        d.gpu_model,
        d.gpu_count,
        d.samples,
        d.online_samples / d.samples as availability,
        d.uptime_1d,
        m.market_usd_per_gpu_hour,
        count(*) over () as total,
        d.source,
        'observed' as kind,
        d.last_observed_at as observed_at
    from mine as d
    left join market as m using (day, gpu_model)
)

select * from final
order by day desc
limit $limit offset $offset
