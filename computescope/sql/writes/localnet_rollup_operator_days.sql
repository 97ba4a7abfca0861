/* localnet:rollup:operator_days — per operator and UTC day, from the node-day rollup, for days in [$day_from, $day_to) */
insert into localnet_operator_days
select
    n.operator_id,
    d.day,
    count(*)::integer as nodes,
    sum(n.gpu_count)::integer as gpus,
    sum(d.hours)::integer as node_hours,
    sum(d.up_hours)::integer as up_node_hours,
    sum(d.hours * n.gpu_count)::integer as gpu_hours,
    sum(d.leased_gpu_hours)::real as leased_gpu_hours,
    sum(d.earnings_usd)::double as earnings_usd     -- USD
from localnet_node_days as d
inner join localnet_nodes as n using (node_key)
where d.day >= cast($day_from as date) and d.day < cast($day_to as date)
group by all
