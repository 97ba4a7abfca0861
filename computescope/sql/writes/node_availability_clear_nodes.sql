/* write:verify — drop the availability rollup aggregates of the staged nodes */
delete from node_availability_nodes as n
where exists (select 1 from _node_availability_keys as k where k.network = n.network and k.node_id = n.node_id)
