/* explorer:node:proofs — every proof one node was put to, newest first: compute challenges (C = A·B mod p, spot-checked) and
   hardware attestations, with one verdict word each (pass | fail for challenges; accept | reject | unrated | unmeasured for
   attestations); proof_id is what node_events.challenge_id names (an attestation is 'attestation:<device>') */
select
    challenge_id as proof_id, 'challenge' as kind, issued_at, coalesce(responded_at, committed_at) as settled_at,
    n, verdict, state, reason, latency_s, gflops, null::double as compute_ratio, null::varchar as best_fit, source, observed_at
from node_challenges
where network = $network and node_id = $node_id

union all

select
    'attestation:' || device, 'attestation', observed_at, observed_at,
    null, verdict, 'settled', reason, null, measured_compute, compute_ratio, best_fit, source, observed_at
from node_attestations
where network = $network and node_id = $node_id

order by issued_at desc, proof_id
limit $limit
