-- Availability of every registered node over the fixed window of window_s seconds ending at now_s, from
-- heartbeat runs: the missed slots are the gaps between runs (and before the first, after the last),
-- clipped to the window; a gap shorter than `grace` slots is forgiven, a longer one counts in full; slots
-- before registration are not expected. The same rules as computescope.core.liveness, in one pass over runs.
create or replace macro node_availability(now_s, window_s, grace) as table
with win as (
    select
        network,
        node_id,
        floor(now_s / 60)::bigint as end_slot,
        least(
            greatest(floor(now_s / 60)::bigint - (window_s // 60)::bigint, ceil(epoch(registered_at) / 60)::bigint),
            floor(now_s / 60)::bigint
        ) as lo
    from node_keys
),

edges as (
    select
        network,
        node_id,
        first_slot,
        last_slot,
        lag(last_slot) over (partition by network, node_id order by first_slot) as prev_last,
        lead(first_slot) over (partition by network, node_id order by first_slot) as next_first
    from node_heartbeat_runs
),

gaps as (
    select network, node_id, coalesce(prev_last + 1, -4611686018427387904) as a, first_slot as b from edges
    union all
    select network, node_id, last_slot + 1 as a, 4611686018427387904 as b from edges where next_first is null
    union all
    select k.network, k.node_id, -4611686018427387904 as a, 4611686018427387904 as b
    from node_keys as k
    where not exists (select 1 from node_heartbeat_runs as r where r.network = k.network and r.node_id = k.node_id)
),

clipped as (
    select
        w.network,
        w.node_id,
        w.end_slot - w.lo as expected,
        greatest(0, least(g.b, w.end_slot) - greatest(g.a, w.lo)) as len
    from win as w
    inner join gaps as g on g.network = w.network and g.node_id = w.node_id
)

select
    network,
    node_id,
    any_value(expected)::bigint as expected_slots,
    coalesce(sum(len) filter (where len >= greatest(grace, 1)), 0)::bigint as down_slots
from clipped
group by network, node_id
