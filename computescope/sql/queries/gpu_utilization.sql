/* explorer:gpu:utilization — daily GPU utilization of one model per network (fraction 0..1), with the observations behind each point */
select
    network, date_trunc('day', observed_at) as day, avg(utilization) as utilization, count(*) as observations,
    data_kind(arg_max(source, observed_at)) as kind, arg_max(source, observed_at) as source,
    arg_max(source_url, observed_at) as source_url, max(observed_at) as observed_at
from utilization
where resource = 'gpu' and gpu_model = $model and utilization is not null
group by network, day
order by network, day
