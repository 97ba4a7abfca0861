/* write:verify — claim a report's nonce; the primary key refuses a replay */
insert into node_nonces (public_key, nonce, network, signed_at, source, observed_at) values (?, ?, ?, ?, ?, ?)
