insert into alert_deliveries
    (delivery_id, subscription_id, network, node_id, kind, rule, channel, target, status, attempts, error, payload, created_at, finished_at)
values ($delivery_id, $subscription_id, $network, $node_id, $kind, $rule, $channel, $target, $status, $attempts, $error, $payload,
        to_timestamp($created_s), to_timestamp($finished_s))
