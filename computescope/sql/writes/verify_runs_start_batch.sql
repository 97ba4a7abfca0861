/* write:verify — heartbeat runs that a batch started after a gap, with the beats the batch already added to them */
insert into node_heartbeat_runs (network, node_id, first_slot, last_slot, beats, source, observed_at)
select unnest($networks::varchar[]), unnest($node_ids::varchar[]), unnest($firsts::bigint[]), unnest($slots::bigint[]),
    unnest($beats::integer[]), $source, to_timestamp(unnest($observed::double[]))
