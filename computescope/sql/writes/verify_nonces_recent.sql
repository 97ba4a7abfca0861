/* write:verify — the nonces signed since a cutoff, to seed the in-memory replay set at start */
select public_key, nonce, epoch(signed_at) from node_nonces where signed_at >= to_timestamp($cutoff)
