update alert_subscriptions set active = false where subscription_id = $subscription_id and public_key = $public_key
