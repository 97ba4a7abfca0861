/* localnet:rollup:node_days — per node and UTC day, recomputed from the hourly table for days in [$day_from, $day_to) */
insert into localnet_node_days
select
    node_key,
    cast(hour as date) as day,
    count(*)::smallint as hours,
    count(*) filter (where up)::smallint as up_hours,
    sum(leased_gpus)::real as leased_gpu_hours,     -- GPU-hours
    avg(utilization)::real as utilization,          -- fraction 0..1
    sum(earnings_usd)::real as earnings_usd         -- USD
from localnet_node_hours
where hour >= $day_from and hour < $day_to
group by all
