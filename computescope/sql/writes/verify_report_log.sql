/* write:verify — the log of accepted signed reports */
insert into node_reports (network, node_id, public_key, kind, nonce, signed_at, digest, signature, bytes, source, observed_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
