/* explorer:prices:by_provider — headline USD/GPU-h per provider for one GPU model */
select p.provider, coalesce(v.name, p.provider) || case when data_kind(p.source) = 'simulated' then ' (simulated)' else '' end as provider_name, p.provider_kind, coalesce(v.hyperscaler, false) as hyperscaler,
    p.price_type, p.usd_per_gpu_hour, p.offers, data_kind(p.source) as kind, p.source, p.source_url, p.observed_at
from provider_model_price p
left join providers v using (provider)
where p.gpu_model = $model
order by p.usd_per_gpu_hour
