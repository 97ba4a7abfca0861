/* write:verify — extend many nodes' newest heartbeat runs at once (one row per run, beats summed over the batch) */
update node_heartbeat_runs r
set last_slot = greatest(r.last_slot, u.slot), beats = r.beats + u.beats, observed_at = u.observed_at
from (select unnest($networks::varchar[]) as network, unnest($node_ids::varchar[]) as node_id, unnest($firsts::bigint[]) as first_slot,
             unnest($slots::bigint[]) as slot, unnest($beats::integer[]) as beats, to_timestamp(unnest($observed::double[])) as observed_at) u
where r.network = u.network and r.node_id = u.node_id and r.first_slot = u.first_slot
