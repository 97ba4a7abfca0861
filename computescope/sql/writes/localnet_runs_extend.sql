/* localnet:hourly:runs_extend — extend the open heartbeat runs staged in _localnet_runs (slots are 60 s) */
update node_heartbeat_runs as r
set last_slot = s.last_slot, beats = r.beats + s.add, observed_at = s.observed_at
from _localnet_runs as s
where r.network = 'localnet' and r.source = 'localnet' and r.node_id = s.node_id and r.first_slot = s.first_slot
