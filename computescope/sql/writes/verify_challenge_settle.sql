/* write:verify — a challenge's verdict */
update node_challenges set state = 'settled', verdict = ?, reason = ?, responded_at = ?, latency_s = coalesce(latency_s, ?), observed_at = ?
where challenge_id = ?
