/* write:verify — claim a batch's nonces in one statement; the primary key still refuses a replay */
insert into node_nonces (public_key, nonce, network, signed_at, source, observed_at)
select unnest($keys::varchar[]), unnest($nonces::varchar[]), unnest($networks::varchar[]), to_timestamp(unnest($signed::double[])),
    $source, to_timestamp(unnest($observed::double[]))
