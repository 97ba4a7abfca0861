/* explorer:inventory:history — all-model GPU counts over time per network and measure (daily), within the time range; GPUs */
with daily as (
    select network, measure, date_trunc('day', observed_at) as day, max(gpus) as gpus
    from gpu_inventory
    where gpu_model = '*'
      and list_contains($networks, network)
      and observed_at >= $since
    group by all
)

select * from daily order by day, network, measure
