/* localnet:rollup:model_hours — per GPU model and hour (the network × model rollup), for hours in [$hour_from, $hour_to) */
insert into localnet_model_hours
select
    h.hour,
    n.gpu_model,
    n.gpu_class,
    count(*)::integer as nodes,
    count(*) filter (where h.up)::integer as nodes_up,
    sum(n.gpu_count)::integer as gpus,
    coalesce(sum(n.gpu_count) filter (where h.up), 0)::integer as gpus_up,
    sum(h.leased_gpus)::integer as leased_gpus,
    sum(h.earnings_usd)::double as earnings_usd     -- USD
from localnet_node_hours as h
inner join localnet_nodes as n using (node_key)
where h.hour >= $hour_from and h.hour < $hour_to
group by all
