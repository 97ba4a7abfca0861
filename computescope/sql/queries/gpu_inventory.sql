/* explorer:gpu:inventory — newest GPU count of one model per network × measure (memory sizes added up, measures kept apart); GPUs */
select
    network, measure, sum(gpus) as gpus, count(*) as variants, data_kind(arg_max(source, observed_at)) as kind,
    arg_max(source, observed_at) as source, arg_max(source_url, observed_at) as source_url, max(observed_at) as observed_at
from latest_inventory
where gpu_model = $model
group by network, measure
order by network, measure
