-- why: open registration must not put a node into a real network's figures. A node that asks for a real
-- network without an operator's endorsement lands in the `community` namespace; what it asked for is kept
-- here, and so is the operator key that admitted an endorsed node.
alter table node_keys add column claimed_network varchar;
alter table node_keys add column endorsed_by varchar;
