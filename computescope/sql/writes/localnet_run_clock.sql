/* localnet:live:run_clock — the live network's clock after a tick */
update localnet_runs set clock_hour = ? where run_id = ?
