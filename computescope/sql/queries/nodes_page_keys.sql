/* api:nodes — the nodes that match filters on node_keys alone, with their count: a page sorted by a column of node_keys
   is chosen here, so the node list computes availability, proofs and status for that page only. The caller appends the
   order (from its allowlist), limit and offset. The search ($q) matches as in nodes_list. */
select network || '/' || node_id as key, count(*) over () as total_rows
from node_keys
where ($network is null or network = $network)
  and ($node_id is null or node_id = $node_id)
  and ($operator is null or lower(operator) = lower($operator))
  and ($q is null or contains(lower(node_id), lower($q)) or contains(lower(coalesce(operator, '')), lower($q)))
