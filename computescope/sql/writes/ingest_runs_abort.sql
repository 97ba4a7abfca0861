/* ingest:runner:abort — runs still 'running' that this process does not own (one written by another process, or an
   unowned one from before this process started): the process running them ended before they finished */
update ingest_runs
set status = 'aborted', finished_at = ?, error = 'aborted: the process running it ended before it finished'
where status = 'running'
  and (owner <> ? or (owner is null and started_at < ?))
returning run_id, source
