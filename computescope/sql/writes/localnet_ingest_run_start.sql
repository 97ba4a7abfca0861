/* localnet:backfill:ingest_run_start — the local network's writes are logged like every ingest run */
insert into ingest_runs (run_id, source, status, trigger, started_at) values (?, 'localnet', 'running', ?, ?)
