/* write:verify — extend a node's newest heartbeat run to the slot just heard */
update node_heartbeat_runs set last_slot = greatest(last_slot, ?), beats = beats + 1, observed_at = ?
where network = ? and node_id = ? and first_slot = ?
