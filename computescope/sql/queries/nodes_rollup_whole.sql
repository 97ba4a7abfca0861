/* verify:nodes — whether the availability rollup accounts for every heartbeat run (equal count, beats and newest report)
   and keeps the gaps a window of $window_slots slots ending at $now (epoch seconds) can reach */
with r as (
    select count(*) as runs, coalesce(sum(beats), 0) as beats, max(observed_at) as newest from node_heartbeat_runs
),

n as (
    select coalesce(sum(runs), 0) as runs, coalesce(sum(beats), 0) as beats, max(last_seen) as newest, max(floor_slot) as floor_slot
    from node_availability_nodes
)

select
    r.runs = n.runs and r.beats = n.beats and r.newest is not distinct from n.newest
    and coalesce(n.floor_slot <= floor($now / 60) - $window_slots, true) as whole
from r, n
