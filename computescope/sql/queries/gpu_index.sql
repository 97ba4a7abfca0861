/* explorer:gpus:index — every GPU model seen in prices, inventory or utilization: real offers and providers, the cheapest real
   price that can stand for its provider (baseline_price; USD per GPU-hour) with its provider, type, source and date, and the
   simulated local network's headline apart */
with seen as (
    select gpu_model, 'prices' as seen_in from prices where gpu_model <> '*'
    union
    select gpu_model, 'inventory' from gpu_inventory where gpu_model <> '*'
    union
    select gpu_model, 'utilization' from utilization where gpu_model <> '*'
),

models as (
    select gpu_model, string_agg(seen_in, ', ' order by seen_in) as seen_in from seen group by gpu_model
),

offers as (
    select
        gpu_model,
        count(*) filter (where data_kind(source) <> 'simulated') as offers,
        count(distinct provider) filter (where data_kind(source) <> 'simulated') as providers,
        count(distinct provider) filter (where data_kind(source) <> 'simulated' and provider_kind = 'network') as networks,
        count(distinct provider) filter (where data_kind(source) <> 'simulated' and provider_kind = 'cloud') as clouds,
        count(*) filter (where data_kind(source) = 'simulated') as simulated_offers
    from latest_prices
    group by gpu_model
),

headline as (
    select *, data_kind(source) as kind from provider_model_price
),

cheapest as (
    -- ties go to the provider first by name, so the page never flips between two equal prices
    select
        p.gpu_model,
        p.usd_per_gpu_hour as cheapest_usd,
        coalesce(v.name, p.provider) as cheapest_provider,
        p.price_type as cheapest_price_type,
        data_kind(p.source) as cheapest_kind,
        p.source as cheapest_source,
        p.source_url as cheapest_source_url,
        p.observed_at as cheapest_observed_at
    from latest_prices as p
    left join providers as v using (provider)
    where data_kind(p.source) <> 'simulated' and baseline_price(p.provider_kind, p.price_type)
    qualify row_number() over (partition by p.gpu_model order by p.usd_per_gpu_hour, p.provider, p.observed_at desc) = 1
),

simulated as (
    select gpu_model, min(usd_per_gpu_hour) as simulated_usd, arg_min(observed_at, usd_per_gpu_hour) as simulated_observed_at
    from headline
    where kind = 'simulated'
    group by gpu_model
),

final as (
    select
        m.gpu_model, m.seen_in,
        coalesce(o.offers, 0) as offers, coalesce(o.providers, 0) as providers,
        coalesce(o.networks, 0) as networks, coalesce(o.clouds, 0) as clouds,
        c.cheapest_usd, c.cheapest_provider, c.cheapest_price_type, c.cheapest_kind,
        c.cheapest_source, c.cheapest_source_url, c.cheapest_observed_at,
        coalesce(o.simulated_offers, 0) as simulated_offers, s.simulated_usd, s.simulated_observed_at
    from models m
    left join offers o using (gpu_model)
    left join cheapest c using (gpu_model)
    left join simulated s using (gpu_model)
)

select * from final order by offers desc, gpu_model
