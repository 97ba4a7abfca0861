/* write:verify — a new heartbeat run after a gap */
insert into node_heartbeat_runs (network, node_id, first_slot, last_slot, beats, source, observed_at) values (?, ?, ?, ?, 1, ?, ?)
