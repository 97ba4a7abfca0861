insert or replace into alert_state (subscription_id, network, node_id, firing, notified, since, detail, last_alert_at)
values ($subscription_id, $network, $node_id, $firing, $notified, to_timestamp($since_s), $detail, to_timestamp($last_alert_s))
