/* write:verify — the gaps between the staged nodes' heartbeat runs that end after $floor (slots) */
insert into node_availability_gaps
with edges as (
    select
        r.network,
        r.node_id,
        r.first_slot,
        r.last_slot,
        lag(r.last_slot) over (partition by r.network, r.node_id order by r.first_slot) as prev_last,
        lead(r.first_slot) over (partition by r.network, r.node_id order by r.first_slot) as next_first
    from node_heartbeat_runs as r
    semi join _node_availability_keys as k on k.network = r.network and k.node_id = r.node_id
)
select network, node_id, coalesce(prev_last + 1, -4611686018427387904), first_slot from edges where first_slot > $floor
union all
select network, node_id, last_slot + 1, 4611686018427387904 from edges where next_first is null
