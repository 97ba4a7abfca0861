/* write:verify — forget nonces whose reports are past the clock window (they would be refused as expired anyway) */
delete from node_nonces where signed_at < ?
