update ingest_runs
set status = 'failed', finished_at = $now, error = 'interrupted: the process stopped before the run finished; the local network was written again'
where source = 'localnet' and status = 'running' and run_id not in (select unnest($live::varchar[]))
