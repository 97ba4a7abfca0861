/* localnet:rollup:clear_model_hours — drop the model-hour rows of hours in [$hour_from, $hour_to) before they are recomputed */
delete from localnet_model_hours where hour >= $hour_from and hour < $hour_to
