/* localnet:rollup:clear_operator_days — drop the operator-day rows of days in [$day_from, $day_to) before they are recomputed */
delete from localnet_operator_days where day >= cast($day_from as date) and day < cast($day_to as date)
