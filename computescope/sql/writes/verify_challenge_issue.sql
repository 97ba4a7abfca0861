/* write:verify — a new challenge, with the throughput the node's claim needs and the deadline that proves it */
insert into node_challenges (challenge_id, network, node_id, seed, n, prime, spot_rows, issued_at, deadline, state,
    required_gflops, proof_deadline, rtt_s, source, observed_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?, ?)
