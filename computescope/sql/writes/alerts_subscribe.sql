insert into alert_subscriptions
    (subscription_id, public_key, rule, threshold, window_minutes, channel, target, secret, min_interval_s, created_at, active)
values ($subscription_id, $public_key, $rule, $threshold, $window_minutes, $channel, $target, $secret, $min_interval_s, $created_at, true)
