/* localnet:backfill:ingest_run_finish — status, rows, finished at, duration (seconds), error */
update ingest_runs set status = ?, rows_written = ?, finished_at = ?, duration_s = ?, error = ? where run_id = ?
