/* explorer:node:runs — one node's heartbeat runs (inclusive 60 s slot ranges) that end at or after $from_slot */
select first_slot, last_slot, beats, source, observed_at
from node_heartbeat_runs
where network = $network and node_id = $node_id and last_slot >= $from_slot
order by first_slot
