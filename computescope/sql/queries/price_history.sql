/* explorer:prices:history — daily median price per provider and price type for one GPU model; USD per GPU-hour */
with daily as (
    select
        date_trunc('day', p.observed_at) as day,
        p.provider,
        coalesce(v.name, p.provider) as provider_name,
        p.provider_kind,
        p.price_type,
        median(p.usd_per_gpu_hour) as usd_per_gpu_hour,
        count(*) as observations
    from prices as p
    left join providers as v using (provider)
    where p.gpu_model = $model
      and ($vram is null or p.vram_gb = $vram or p.vram_gb is null)
    group by all
)

select * from daily order by day, provider, price_type
