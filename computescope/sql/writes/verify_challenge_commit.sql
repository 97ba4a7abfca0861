/* write:verify — the node committed to a root: rows to open are drawn now, latency and shown throughput recorded */
update node_challenges set state = 'committed', root = ?, committed_at = ?, open_rows = ?, open_deadline = ?, latency_s = ?,
    gflops = ?, proven_gflops = ?, observed_at = ?
where challenge_id = ?
