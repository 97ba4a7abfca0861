/* write:verify — the staged nodes' run aggregates as of their rollup; gaps ending at or before $floor (slots) are not kept */
insert into node_availability_nodes
select r.network, r.node_id, count(*), sum(r.beats), max(r.last_slot), max(r.observed_at), $floor
from node_heartbeat_runs as r
semi join _node_availability_keys as k on k.network = r.network and k.node_id = r.node_id
group by r.network, r.node_id
