/* explorer:gpu:price_history — daily median price of one model per provider and price type (all memory sizes); USD per GPU-hour */
select
    date_trunc('day', observed_at) as day, provider, provider_kind, price_type, median(usd_per_gpu_hour) as usd_per_gpu_hour,
    count(*) as observations, data_kind(arg_max(source, observed_at)) as kind, arg_max(source, observed_at) as source,
    arg_max(source_url, observed_at) as source_url, max(observed_at) as observed_at
from prices
where gpu_model = $model
group by all
order by provider, price_type, day
