/* write:verify — forget the listed keys and their nonces */
delete from {table} where public_key in (select unnest($keys::varchar[]))
