/* api:nodes — the proof record of the nodes on one page of the node list (the enclosing query names that page `page`):
   the newest challenge, the median latency and the best throughput of passed challenges, and passes that proved the claim */
select
    c.network,
    c.node_id,
    max(c.responded_at) as last_challenge_at,
    median(c.latency_s) filter (where c.verdict = 'pass') as median_latency_s,
    -- throughput proven by a passed, timed challenge: never a figure the node reports about itself
    max(c.proven_gflops) filter (where c.verdict = 'pass') as proven_gflops,
    count(*) filter (where c.verdict = 'pass' and c.proven_gflops >= c.required_gflops) as claim_proofs
from node_challenges as c
semi join page as p on p.network = c.network and p.node_id = c.node_id
group by c.network, c.node_id
