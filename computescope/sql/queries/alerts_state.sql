/* alerts:state — the open episode of each node under one subscription (times as epoch seconds) */
select network, node_id, firing, notified, epoch(since) as since_s, epoch(last_alert_at) as last_alert_s
from alert_state
where subscription_id = $subscription_id
