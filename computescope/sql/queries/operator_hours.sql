/* explorer:operator:hours — an operator per hour since $since: GPUs leased (fraction), nodes up (fraction), earnings (USD);
   the hourly table is cut by time first, then by the operator's nodes */
select
    h.hour,
    sum(h.leased_gpus) / nullif(sum(n.gpu_count), 0) as utilization,
    count(*) filter (where h.up) / count(*) as uptime,
    sum(h.earnings_usd) as earnings_usd
from localnet_node_hours as h
inner join localnet_nodes as n using (node_key)
where h.hour >= $since and n.operator_id = $operator_id
group by h.hour
order by h.hour
