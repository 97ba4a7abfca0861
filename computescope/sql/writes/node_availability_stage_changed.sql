/* write:verify — stage every node whose heartbeat runs differ from its availability rollup (new, changed or gone) */
create or replace temp table _node_availability_keys as
with agg as (
    select network, node_id, count(*) as runs, sum(beats) as beats, max(last_slot) as last_slot, max(observed_at) as last_seen
    from node_heartbeat_runs
    group by network, node_id
)
select coalesce(a.network, n.network) as network, coalesce(a.node_id, n.node_id) as node_id
from agg as a
full join node_availability_nodes as n on n.network = a.network and n.node_id = a.node_id
where a.node_id is null or n.node_id is null or a.runs <> n.runs or a.beats <> n.beats
    or a.last_slot <> n.last_slot or a.last_seen <> n.last_seen
