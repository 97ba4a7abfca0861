/* ingest:runner:start — a new run, 'running' until it finishes, owned by the process that runs it */
insert into ingest_runs (run_id, source, status, trigger, base_url, started_at, owner) values (?, ?, 'running', ?, ?, ?, ?)
