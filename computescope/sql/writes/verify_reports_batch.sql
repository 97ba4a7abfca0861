/* write:verify — a batch of accepted signed reports into the log, in one statement */
insert into node_reports (network, node_id, public_key, kind, nonce, signed_at, digest, signature, bytes, source, observed_at)
select unnest($networks::varchar[]), unnest($node_ids::varchar[]), unnest($keys::varchar[]), unnest($kinds::varchar[]),
    unnest($nonces::varchar[]), to_timestamp(unnest($signed::double[])), unnest($digests::varchar[]), unnest($signatures::varchar[]),
    unnest($bytes::integer[]), $source, to_timestamp(unnest($observed::double[]))
