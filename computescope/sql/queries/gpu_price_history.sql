/* explorer:gpu:price_history — daily median price of one model per provider and price type (all memory sizes); USD per GPU-hour */
select
    date_trunc('day', p.observed_at) as day, p.provider, coalesce(v.name, p.provider) as provider_name, p.provider_kind, p.price_type,
    median(p.usd_per_gpu_hour) as usd_per_gpu_hour, count(*) as observations, data_kind(arg_max(p.source, p.observed_at)) as kind,
    arg_max(p.source, p.observed_at) as source, arg_max(p.source_url, p.observed_at) as source_url, max(p.observed_at) as observed_at
from prices as p
left join providers as v using (provider)
where p.gpu_model = $model
group by all
order by provider, price_type, day
