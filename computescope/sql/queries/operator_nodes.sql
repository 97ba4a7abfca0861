/* explorer:operator:nodes — an operator's nodes: hardware, ask, and since $since_day utilization, uptime (hourly) and earnings (USD) */
with mine as (
    select * from localnet_nodes where operator_id = $operator_id
),

recent as (
    select
        node_key,
        sum(hours) as hours,
        sum(up_hours) as up_hours,
        sum(leased_gpu_hours) as leased_gpu_hours,
        sum(earnings_usd) as earnings_usd
    from localnet_node_days
    where day >= $since_day and node_key in (select node_key from mine)
    group by node_key
),

final as (
    select
        m.node_id,
        m.gpu_model,
        m.gpu_count,
        m.region,
        m.country,
        m.ask_usd,                                                              -- USD per GPU-hour
        r.leased_gpu_hours / nullif(r.hours * m.gpu_count, 0) as utilization,   -- fraction 0..1
        r.up_hours / nullif(r.hours, 0) as uptime,                              -- fraction of registered hours up
        coalesce(r.earnings_usd, 0) as earnings_usd,
        n.status,
        s.reputation,
        s.stake,
        s.suspended_until
    from mine as m
    left join recent as r using (node_key)
    left join nodes as n on n.network = 'localnet' and n.node_id = m.node_id and n.source = 'localnet'
    left join node_standing as s on s.network = 'localnet' and s.node_id = m.node_id and s.source = 'localnet'
)

select * from final order by earnings_usd desc, node_id
