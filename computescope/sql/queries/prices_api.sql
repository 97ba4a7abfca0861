/* api:prices — newest price per provider × variant × region × type; USD per GPU-hour */
select provider, provider_kind, gpu_model, gpu_model_raw, vram_gb, interface, region, zone, price_type,
    usd_per_gpu_hour, instance_type, gpu_count, native_price, native_unit, data_kind(source) as kind, source, source_url, observed_at
from latest_prices
where ($model is null or lower(gpu_model) = lower($model))
  and ($provider is null or provider = $provider)
  and ($provider_kind is null or provider_kind = $provider_kind)
order by gpu_model, usd_per_gpu_hour
limit 10000
