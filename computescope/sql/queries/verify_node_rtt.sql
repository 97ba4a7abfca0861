/* verify:store — a node's round trip as the collector measured it: the quickest reply to a row opening (no work in it) */
select min(epoch(responded_at) - epoch(committed_at))
from node_challenges
where network = ? and node_id = ? and state = 'settled' and committed_at is not null and reason is null
