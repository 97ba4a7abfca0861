/* localnet:rollup:clear_node_days — drop the node-day rows of days in [$day_from, $day_to) before they are recomputed */
delete from localnet_node_days where day >= cast($day_from as date) and day < cast($day_to as date)
