/* explorer:prices:for_model — newest prices of one GPU model (any VRAM when $vram is null); USD per GPU-hour */
select
    p.provider, coalesce(v.name, p.provider) || case when data_kind(p.source) = 'simulated' then ' (simulated)' else '' end as provider_name,
    p.provider_kind, coalesce(v.hyperscaler, false) as hyperscaler,
    p.gpu_model, p.vram_gb, p.interface,
    -- one macro-region per row (us-east, eu-west, ...); the provider's own name beside it
    coalesce(p.macro_region, p.region) as region, p.region as region_name, p.zone, p.price_type, p.usd_per_gpu_hour, p.instance_type, p.gpu_count,
    baseline_price(p.provider_kind, p.price_type) as baseline, data_kind(p.source) as kind, p.source, p.source_url, p.observed_at
from latest_prices p
left join providers v using (provider)
where p.gpu_model = $model
  and ($vram is null or p.vram_gb = $vram or p.vram_gb is null)
order by p.usd_per_gpu_hour
