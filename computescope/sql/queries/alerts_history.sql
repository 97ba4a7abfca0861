/* alerts:history — deliveries, newest first, for the subscriptions of one key ($key) or for the nodes of one operator ($operator) */
select d.created_at, d.kind, d.rule, d.network, d.node_id, d.channel, d.target, d.status, d.attempts, d.error,
    d.delivery_id, d.subscription_id, 'alerts' as source, d.finished_at as observed_at
from alert_deliveries as d
inner join alert_subscriptions as s using (subscription_id)
where ($key is null or s.public_key = $key)
  and ($operator is null or exists (
      select 1 from node_keys as k where k.network = d.network and k.node_id = d.node_id and lower(k.operator) = lower($operator)))
order by d.created_at desc, d.delivery_id
limit $limit
