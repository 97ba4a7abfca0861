/* write:verify — drop a node's row in the shared current-state table before it is written again */
delete from nodes where network = ? and node_id = ? and source = ?
