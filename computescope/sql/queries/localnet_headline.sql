/* explorer:overview:localnet_headline — the local network now: nodes, GPUs leased (fraction), LOCAL price and supply */
with util as (
    select utilization, used, capacity, observed_at
    from utilization
    where network = 'localnet' and gpu_model = '*' and resource = 'gpu' and source = 'localnet'
    order by observed_at desc
    limit 1
),

supply as (
    select price_usd, total, observed_at
    from token_supply
    where symbol = 'LOCAL' and source = 'localnet'
    order by observed_at desc
    limit 1
),

fleet as (
    select count(*) as nodes, count(distinct operator_id) as operators from localnet_nodes
)

select f.nodes, f.operators, u.utilization, u.used, u.capacity, u.observed_at, s.price_usd, s.total as supply
from fleet as f
left join util as u on true
left join supply as s on true
