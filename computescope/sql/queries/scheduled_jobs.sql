/* explorer:status:scheduled_jobs — the scheduler's published plan: job id, interval (minutes), next run */
select job_id, interval_minutes, next_run_at, published_at
from scheduled_jobs
order by job_id
