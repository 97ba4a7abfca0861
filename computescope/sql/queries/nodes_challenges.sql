/* explorer:node:challenges — one node's challenges, newest first: verdict, reason, latency (s) and implied GFLOPS */
select challenge_id, n, spot_rows, issued_at, deadline, committed_at, responded_at, state, verdict, reason,
    latency_s, gflops, source, observed_at
from node_challenges
where network = $network and node_id = $node_id
order by issued_at desc
limit $limit
