-- every price is above zero and below a sane ceiling for its GPU model (USD per GPU-hour); a value beyond it is a
-- unit slip (per instance, per month, native units) rather than a market price
with ceilings as (
    select * from (
        values ('B200', 60.0), ('H200', 50.0), ('H100', 40.0), ('A100', 25.0), ('L40S', 15.0), ('RTX 4090', 10.0)
    ) as t(gpu_model, ceiling_usd)
)

select p.provider, p.gpu_model, p.region, p.price_type, p.usd_per_gpu_hour, coalesce(c.ceiling_usd, 100.0) as ceiling_usd, p.source, p.observed_at
from prices as p
left join ceilings as c using (gpu_model)
where p.usd_per_gpu_hour <= 0 or isnan(p.usd_per_gpu_hour) or p.usd_per_gpu_hour > coalesce(c.ceiling_usd, 100.0)
