/* quote:offers — one offer per priced instance (clouds, on-demand) or per network model variant, with published availability */
with network_prices as (
    select
        *,
        row_number() over (
            partition by provider, gpu_model, vram_gb, interface
            order by case price_type when 'bid_median' then 1 when 'list' then 2 when 'on_demand' then 3 else 9 end, observed_at desc
        ) as preference
    from latest_prices
    where provider_kind = 'network' and price_type in ('bid_median', 'list', 'on_demand')
),

availability as (
    select network, gpu_model, vram_gb, interface, sum(gpus) as available_gpus, max(observed_at) as available_at
    from latest_inventory
    where measure in ('available', 'idle') and gpu_model <> '*'
    group by all
),

network_offers as (
    select
        p.provider, p.provider_kind, p.gpu_model, p.vram_gb, p.interface, p.region, p.zone, p.price_type,
        p.usd_per_gpu_hour, p.instance_type, null::double as gpu_count,
        coalesce(a.available_gpus, a_any.available_gpus) as available_gpus,
        p.source, p.source_url, p.observed_at
    from network_prices p
    left join availability a
        on a.network = p.provider and a.gpu_model = p.gpu_model
        and a.vram_gb is not distinct from p.vram_gb and a.interface is not distinct from p.interface
    left join (
        select network, gpu_model, sum(available_gpus) as available_gpus from availability group by all
    ) a_any on a_any.network = p.provider and a_any.gpu_model = p.gpu_model and a.network is null
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

select * from final
