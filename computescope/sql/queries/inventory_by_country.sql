/* explorer:inventory:by_country — nodes and their GPUs per country (ISO alpha-2) from the newest node states */
select
    network,
    upper(country) as country,
    count(*) as nodes,
    sum(gpu_count) as gpus,
    count(gpu_count) as nodes_with_gpu_count,
    max(observed_at) as observed_at
from nodes
where country is not null and country <> ''
  and list_contains($networks, network)
group by network, upper(country)
order by nodes desc
