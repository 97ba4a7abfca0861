/* ingest:runner:resource — one resource's outcome in a run: loaded with its rows, or failed with the reason */
insert or replace into ingest_run_resources (run_id, source, resource, status, rows_written, error, finished_at) values (?, ?, ?, ?, ?, ?, ?)
