-- per GPU model, the median of every newest on-demand price of AWS, GCP and Azure (all regions, all memory sizes); USD per GPU-hour
create or replace view latest_hyperscaler_median as
with final as (
    select
        p.gpu_model,
        median(p.usd_per_gpu_hour) as usd_per_gpu_hour,
        count(*) as prices,
        -- the newest row names the source; rows of one date are ranked by source and URL, so the answer never depends on scan order
        arg_max(p.source, (p.observed_at, p.source, p.source_url)) as source,
        arg_max(p.source_url, (p.observed_at, p.source, p.source_url)) as source_url,
        max(p.observed_at) as observed_at,
        -- the figure's kind from its rows', as every metric over several rows: one live row makes it observed
        case
            when bool_or(data_kind(p.source) = 'simulated') then 'simulated'
            when bool_or(data_kind(p.source) = 'observed') then 'observed'
            else 'published'
        end as kind
    from latest_prices as p
    inner join providers as v using (provider)
    where v.hyperscaler and p.provider_kind = 'cloud' and p.price_type in ('on_demand', 'list')
    group by p.gpu_model
)

select * from final
