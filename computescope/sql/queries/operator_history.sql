/* explorer:operator:history — a local-network operator per UTC day since $since_day, from the daily rollups: earnings (USD),
   GPUs leased and nodes up (fractions), the price its GPUs earned against the market's for the models it offers (USD per
   GPU-hour: earnings ÷ leased GPU-hours, per day), its GPU-weighted ask; newest first, $limit rows from $offset, with the total */
with mine as (
    select gpu_model, sum(gpu_count) as gpus, sum(ask_usd * gpu_count) as ask_x_gpus
    from localnet_nodes
    where operator_id = $operator_id
    group by gpu_model
),

market as (
    select
        cast(hour as date) as day,
        sum(earnings_usd) / nullif(sum(leased_gpus), 0) as market_usd_per_gpu_hour,
        sum(leased_gpus) / nullif(sum(gpus), 0) as market_utilization
    from localnet_model_hours
    where hour >= $since_day and gpu_model in (select gpu_model from mine)
    group by all
),

days as (
    select
        o.day,
        o.nodes,
        o.gpus,
        o.earnings_usd,
        o.leased_gpu_hours / nullif(o.gpu_hours, 0) as utilization,
        o.up_node_hours / nullif(o.node_hours, 0) as availability,
        o.earnings_usd / nullif(o.leased_gpu_hours, 0) as usd_per_gpu_hour,
        m.market_usd_per_gpu_hour,
        m.market_utilization
    from localnet_operator_days as o
    left join market as m using (day)
    where o.operator_id = $operator_id and o.day >= $since_day
),

final as (
    select
        d.*,
        (select sum(ask_x_gpus) / nullif(sum(gpus), 0) from mine) as ask_usd_per_gpu_hour,
        count(*) over () as total,
        'localnet' as source,
        'simulated' as kind,
        -- a day's figures are as of its last simulated hour
        least(cast(d.day + 1 as timestamp), (select max(hour) + interval 1 hour from localnet_model_hours)) as observed_at
    from days as d
)

select * from final
order by day desc
limit $limit offset $offset
