/* ingest:rollup:provider_days — every provider row of `nodes` written by run $run_id counted into its UTC day; an
   observation no newer than the day's last (a replay) changes nothing. The local network is left out: its operators
   have their own rollups. */
insert into provider_days as p
select
    network,
    node_id as provider,
    cast(timezone('UTC', observed_at) as date) as day,
    operator,
    name,
    gpu_model,
    gpu_count,
    1 as samples,
    cast(status = 'online' as integer) as online_samples,
    uptime_1d,
    source,
    observed_at as first_observed_at,
    observed_at as last_observed_at
from nodes
where run_id = $run_id and network <> 'localnet'
on conflict (network, provider, day) do update set
    operator = excluded.operator,
    name = excluded.name,
    gpu_model = excluded.gpu_model,
    gpu_count = excluded.gpu_count,
    samples = p.samples + 1,
    online_samples = p.online_samples + excluded.online_samples,
    uptime_1d = excluded.uptime_1d,
    source = excluded.source,
    last_observed_at = excluded.last_observed_at
where excluded.last_observed_at > p.last_observed_at
