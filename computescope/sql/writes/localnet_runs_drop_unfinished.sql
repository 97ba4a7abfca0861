/* localnet:backfill:drop_unfinished — a backfill that never finished is written again */
delete from localnet_runs where mode = 'backfill' and finished_at is null
