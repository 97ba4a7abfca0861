/* explorer:node:attestations — one node's hardware attestations, newest first: claimed, measured, ratios, best fit */
select device, claimed, measured_compute, measured_bandwidth, compute_ratio, bandwidth_ratio, best_fit, verdict, reason,
    source, observed_at
from node_attestations
where network = $network and node_id = $node_id
order by observed_at desc, device desc
limit 50
