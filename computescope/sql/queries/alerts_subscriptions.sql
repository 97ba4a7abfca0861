/* alerts:subscriptions — the active subscriptions, oldest first */
select subscription_id, public_key, rule, threshold, window_minutes, channel, target, secret, min_interval_s, created_at
from alert_subscriptions
where active
order by created_at, subscription_id
