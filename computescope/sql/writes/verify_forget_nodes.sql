/* write:verify — forget the listed nodes in one table (the table name comes from the store's fixed list) */
delete from {table} where (network, node_id) in (select unnest($networks::varchar[]), unnest($node_ids::varchar[])) and source = 'agent'
