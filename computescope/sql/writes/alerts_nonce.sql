insert into alert_nonces (public_key, nonce, seen_at) values ($public_key, $nonce, $seen_at)
