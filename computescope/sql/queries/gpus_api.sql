/* api:gpus — GPU inventory observations, newest first, optionally for one network and model */
select network, gpu_model, gpu_model_raw, vram_gb, interface, gpu_class, measure, gpus, providers, nodes,
    data_kind(source) as kind, source, source_url, observed_at
from gpu_inventory
where ($network is null or network = $network)
  and ($model is null or lower(gpu_model) = lower($model))
order by observed_at desc, network, gpu_model, measure
limit 5000
