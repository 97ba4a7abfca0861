/* explorer:operator:pricing — per GPU model the operator offers: its median ask, the market's median ask, the clearing
   price since $since (volume-weighted, USD per GPU-hour), and its utilization against the model's */
with mine as (
    select gpu_model, median(ask_usd) as my_ask, count(*) as nodes, sum(gpu_count)::integer as gpus
    from localnet_nodes
    where operator_id = $operator_id
    group by gpu_model
),

market as (
    select gpu_model, median(ask_usd) as market_ask, count(*) as market_nodes
    from localnet_nodes
    where gpu_model in (select gpu_model from mine)
    group by gpu_model
),

clearing as (
    select
        gpu_model,
        sum(price * volume_gpus) / nullif(sum(volume_gpus), 0) as clearing_price,
        sum(volume_gpus) as volume_gpus
    from localnet_market_hours
    where hour >= $since and volume_gpus > 0 and gpu_model in (select gpu_model from mine)
    group by gpu_model
),

my_use as (
    select n.gpu_model, sum(d.leased_gpu_hours) / nullif(sum(d.hours * n.gpu_count), 0) as my_utilization
    from localnet_node_days as d
    inner join localnet_nodes as n using (node_key)
    where d.day >= cast($since as date) and n.operator_id = $operator_id
    group by n.gpu_model
),

model_use as (
    select gpu_model, sum(leased_gpus) / nullif(sum(gpus), 0) as market_utilization
    from localnet_model_hours
    where hour >= $since and gpu_model in (select gpu_model from mine)
    group by gpu_model
)

select
    m.gpu_model, m.nodes, m.gpus, m.my_ask, k.market_ask, k.market_nodes, c.clearing_price, c.volume_gpus,
    u.my_utilization, mu.market_utilization
from mine as m
left join market as k using (gpu_model)
left join clearing as c using (gpu_model)
left join my_use as u using (gpu_model)
left join model_use as mu using (gpu_model)
order by m.gpus desc
