/* ingest:scheduler:clear — the plan is replaced whole each time the scheduler publishes it */
delete from scheduled_jobs
