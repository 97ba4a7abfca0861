/* write:verify — a node's standing after one outcome */
update node_standing set stake = ?, passes = ?, fails = ?, uptime_30d = ?, score = ?, failures = ?, suspended_until = ?, earned = ?,
    reputation = ?, observed_at = ?
where network = ? and node_id = ?
