/* localnet:backfill:run_delete — one row per local-network run: replaced whole */
delete from localnet_runs where run_id = ?
