/* explorer:node:events — one node's stake and reputation events, newest first (amounts in local ledger units) */
select kind, amount, value, reason, challenge_id, source, observed_at
from node_events
where network = $network and node_id = $node_id
order by observed_at desc, kind
limit $limit
