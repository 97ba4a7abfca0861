/* write:verify — drop the availability rollup gaps of the staged nodes */
delete from node_availability_gaps as g
where exists (select 1 from _node_availability_keys as k where k.network = g.network and k.node_id = g.node_id)
