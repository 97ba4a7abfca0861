/* localnet:live:runs_clear — after an interrupted backfill the network is written anew */
delete from localnet_runs
