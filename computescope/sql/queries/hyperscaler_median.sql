/* explorer:prices:hyperscaler_median — the hyperscaler median of one GPU model (all memory sizes); USD per GPU-hour */
select gpu_model, usd_per_gpu_hour, prices, source, source_url, observed_at, kind
from latest_hyperscaler_median
where gpu_model = $model
