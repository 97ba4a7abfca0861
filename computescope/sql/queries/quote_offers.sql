/* quote:offers — every priced offer, with its provider's display name: each cloud instance on demand, and each network price (one per network × model
   variant × instance, the firmest price type first) with the GPUs it publishes free and its largest node, when known */
with network_prices as (
    select
        *,
        row_number() over (
            partition by provider, gpu_model, vram_gb, interface, coalesce(instance_type, '')
            order by
                case price_type
                    when 'bid' then 1 when 'list' then 2 when 'on_demand' then 3 when 'ask' then 4 when 'ask_median' then 5
                    when 'bid_median' then 6 when 'bid_weighted_avg' then 7 when 'bid_avg' then 8 when 'clearing' then 9
                    else 10
                end,
                region = '' desc,
                observed_at desc
        ) as preference
    from latest_prices
    where provider_kind = 'network' and price_type not in ('spot', 'bid_max', 'bid_min')
),

free_by_variant as (
    select network, gpu_model, vram_gb, interface, sum(gpus) as available_gpus
    from latest_inventory
    where measure = 'available' and gpu_model <> '*'
    group by all
),

free_by_model as (
    select network, gpu_model, sum(available_gpus) as available_gpus from free_by_variant group by all
),

node_sizes as (
    select network, gpu_model, max(gpu_count) as node_gpus
    from nodes
    where gpu_count > 0
    group by all
),

network_offers as (
    select
        p.provider, p.provider_kind, p.gpu_model, p.vram_gb, p.interface, p.region, p.zone, p.price_type,
        p.usd_per_gpu_hour, p.instance_type,
        coalesce(s.node_gpus, case when p.gpu_count > 1 then p.gpu_count end)::double as gpu_count,
        coalesce(v.available_gpus, m.available_gpus) as available_gpus,
        p.source, p.source_url, p.observed_at
    from network_prices p
    left join free_by_variant v
        on v.network = p.provider and v.gpu_model = p.gpu_model
        and v.vram_gb is not distinct from p.vram_gb and v.interface is not distinct from p.interface
    left join free_by_model m on m.network = p.provider and m.gpu_model = p.gpu_model
    left join node_sizes s on s.network = p.provider and s.gpu_model = p.gpu_model
    where p.preference = 1
),

cloud_offers as (
    select
        provider, provider_kind, gpu_model, vram_gb, interface, region, zone, price_type,
        usd_per_gpu_hour, instance_type, gpu_count, null::double as available_gpus,
        source, source_url, observed_at
    from latest_prices
    where provider_kind = 'cloud' and price_type = 'on_demand' and gpu_count >= 1
),

final as (
    select * from cloud_offers
    union all
    select * from network_offers
)

-- the provider's display name (providers.name) beside its slug
select f.*, coalesce(v.name, f.provider) || case when data_kind(f.source) = 'simulated' then ' (simulated)' else '' end as provider_name
from final as f
left join providers as v using (provider)
order by f.provider_kind, f.provider, f.gpu_model, f.usd_per_gpu_hour
