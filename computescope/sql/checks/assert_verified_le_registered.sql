-- a network cannot have more verified GPUs than registered ones on the same day (same network, model and source)
select
    v.network, v.gpu_model, v.observed_at::date as day, v.source,
    max(v.gpus) as verified, min(r.gpus) as registered
from gpu_inventory as v
inner join gpu_inventory as r
    on r.network = v.network
   and r.gpu_model = v.gpu_model
   and r.measure = 'registered'
   and r.observed_at::date = v.observed_at::date
where v.measure = 'verified'
group by v.network, v.gpu_model, v.observed_at::date, v.source
having max(v.gpus) > min(r.gpus)
