/* alerts:facts — for the nodes an operator key covers (its own node, or nodes it endorsed): seconds since the last heartbeat,
   the newest challenge verdict, challenges failed and stake slashed since $now - $window_s, availability over that window
   (the node_availability rules, $grace slots), and for local-network nodes the ask against the median ask for its model */
with mine as (
    select network, node_id from node_keys where public_key = $key or endorsed_by = $key
),

avail as (
    select a.* from node_availability($now, $window_s, $grace) as a inner join mine using (network, node_id)
),

runs as (
    select r.network, r.node_id, max(r.observed_at) as last_seen
    from node_heartbeat_runs as r inner join mine using (network, node_id)
    where r.observed_at <= to_timestamp($now)
    group by all
),

ch as (
    select c.network, c.node_id,
        arg_max(c.verdict, coalesce(c.responded_at, c.issued_at)) filter (where c.verdict is not null) as last_verdict,
        arg_max(c.reason, coalesce(c.responded_at, c.issued_at)) filter (where c.verdict is not null) as last_reason,
        count(*) filter (where c.verdict = 'fail'
            and coalesce(c.responded_at, c.issued_at) between to_timestamp($now - $window_s) and to_timestamp($now)) as failed_in_window
    from node_challenges as c inner join mine using (network, node_id)
    where c.issued_at <= to_timestamp($now)
    group by all
),

slashed as (
    select e.network, e.node_id, sum(e.amount) as slashed_in_window
    from node_events as e inner join mine using (network, node_id)
    where e.kind = 'slash' and e.observed_at between to_timestamp($now - $window_s) and to_timestamp($now)
    group by all
),

asks as (
    select 'localnet' as network, n.node_id, n.ask_usd as ask, m.market_median
    from localnet_nodes as n
    inner join (select gpu_model, median(ask_usd) as market_median from localnet_nodes group by gpu_model) as m using (gpu_model)
)

select
    m.network, m.node_id,
    ($now - epoch(r.last_seen)) / 60.0 as minutes_silent,
    ch.last_verdict, ch.last_reason, coalesce(ch.failed_in_window, 0) as failed_in_window,
    case when a.expected_slots > 0 then (a.expected_slots - a.down_slots) / a.expected_slots end as availability,
    k.ask, k.market_median,
    coalesce(s.slashed_in_window, 0) as slashed_in_window
from mine as m
left join runs as r using (network, node_id)
left join ch using (network, node_id)
left join avail as a using (network, node_id)
left join slashed as s using (network, node_id)
left join asks as k using (network, node_id)
order by m.network, m.node_id
