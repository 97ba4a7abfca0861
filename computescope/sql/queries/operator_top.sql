/* explorer:operator:top — the largest local-network operators by GPUs, for the page that finds no operator */
select o.operator_id, o.name, o.kind, o.country, count(n.node_key) as nodes, sum(n.gpu_count)::integer as gpus
from localnet_operators as o
inner join localnet_nodes as n using (operator_id)
group by all
order by gpus desc, o.operator_id
limit $limit
