/* explorer:operator:days — an operator per UTC day since $since_day: utilization and uptime (fractions) against the whole
   network, earnings (USD) and LOCAL minted to it (each day's mint shared by the USD each operator earned) */
with network as (
    select
        cast(hour as date) as day,
        sum(leased_gpus) / nullif(sum(gpus), 0) as network_utilization,
        sum(earnings_usd) as network_earnings_usd
    from localnet_model_hours
    where hour >= $since_day
    group by all
),

mint as (
    select cast(period_start as date) as day, sum(amount_tokens) as minted_tokens
    from token_flows
    where symbol = 'LOCAL' and flow = 'mint' and source = 'localnet' and period_start >= $since_day
    group by all
),

final as (
    select
        o.day,
        o.nodes,
        o.gpus,
        o.leased_gpu_hours / nullif(o.gpu_hours, 0) as utilization,
        o.up_node_hours / nullif(o.node_hours, 0) as uptime,
        o.earnings_usd,
        n.network_utilization,
        o.earnings_usd / nullif(n.network_earnings_usd, 0) * m.minted_tokens as minted_tokens
    from localnet_operator_days as o
    left join network as n using (day)
    left join mint as m using (day)
    where o.operator_id = $operator_id and o.day >= $since_day
)

select * from final order by day
