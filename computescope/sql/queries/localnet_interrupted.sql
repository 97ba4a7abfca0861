/* localnet:interrupted — a local-network backfill that never finished (its process was killed): run id, started_at */
select run_id, started_at
from localnet_runs
where mode = 'backfill' and finished_at is null
order by started_at desc
