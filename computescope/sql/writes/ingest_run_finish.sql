/* ingest:runner:finish — a run's outcome: status, rows, when it ended, how long it took, the one-line error */
update ingest_runs set status = ?, rows_written = ?, finished_at = ?, duration_s = ?, error = ? where run_id = ?
