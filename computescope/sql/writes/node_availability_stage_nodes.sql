/* write:verify — stage the nodes a writer names (registered as _node_availability_named) for their rollup to be rebuilt */
create or replace temp table _node_availability_keys as
select distinct network, node_id from _node_availability_named
