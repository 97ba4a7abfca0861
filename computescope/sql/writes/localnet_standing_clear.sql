/* localnet:hourly:standing_clear — drop the standing rows of the nodes this tick changed (ids staged in _localnet_ids) */
delete from node_standing
where network = 'localnet' and source = 'localnet'
  and node_id in (select node_id from _localnet_ids)
