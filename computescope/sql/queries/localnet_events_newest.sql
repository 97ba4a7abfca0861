/* explorer:overview:localnet_events — the newest local-network events (leases, clears, cheaters caught, suspensions, joins) */
select happened_at, kind, node_id, operator_id, gpu_model, region, amount, price, detail
from localnet_events
where happened_at <= now()
order by happened_at desc, kind
limit $limit
