/* explorer:prices:history — daily median price per provider and price type for one GPU model; USD per GPU-hour */
with daily as (
    select
        date_trunc('day', observed_at) as day,
        provider,
        provider_kind,
        price_type,
        median(usd_per_gpu_hour) as usd_per_gpu_hour,
        count(*) as observations
    from prices
    where gpu_model = $model
      and ($vram is null or vram_gb = $vram or vram_gb is null)
    group by all
)

select * from daily order by day, provider, price_type
