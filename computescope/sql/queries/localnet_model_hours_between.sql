/* localnet:model_hours — the network × model rollup for hours in [$hour_from, $hour_to); GPUs and USD */
select hour, gpu_model, gpu_class, nodes, nodes_up, gpus, gpus_up, leased_gpus, earnings_usd
from localnet_model_hours
where hour >= $hour_from and hour < $hour_to
order by hour, gpu_model
