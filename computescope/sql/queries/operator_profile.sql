/* explorer:operator:profile — one local-network operator: kind, home, ask policy, nodes and GPUs, first registration */
select
    o.operator_id,
    o.name,
    o.kind,
    o.country,
    o.region,
    o.ask_policy,
    o.ask_markup,                       -- mean ask ÷ the model's reference price
    count(n.node_key) as nodes,
    sum(n.gpu_count)::integer as gpus,
    string_agg(distinct n.gpu_model, ', ' order by n.gpu_model) as models,
    min(n.joined_at) as first_joined
from localnet_operators as o
left join localnet_nodes as n using (operator_id)
where o.operator_id = $operator_id
group by all
