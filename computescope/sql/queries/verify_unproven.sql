/* verify:store — nodes that never passed a challenge, registered before $cutoff (all of them when $cutoff is null) */
select k.public_key, k.network, k.node_id
from node_keys as k
where ($cutoff is null or k.registered_at < $cutoff)
  and not exists (select 1 from node_challenges as c where c.network = k.network and c.node_id = k.node_id and c.verdict = 'pass')
