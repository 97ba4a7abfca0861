/* write:verify — the events one outcome caused, in one statement (per-statement overhead, not rows, is what costs here) */
insert into node_events (network, node_id, kind, amount, value, reason, challenge_id, source, observed_at)
select $network, $node_id, unnest($kinds::varchar[]), unnest($amounts::double[]), unnest($values::double[]), unnest($reasons::varchar[]),
    unnest($jobs::varchar[]), $source, $observed_at
