/* ingest:scheduler:publish — one row per job: its interval and the next time it runs */
insert into scheduled_jobs (job_id, interval_minutes, next_run_at, published_at) values (?, ?, ?, ?)
