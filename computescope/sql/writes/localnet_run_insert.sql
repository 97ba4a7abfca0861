/* localnet:backfill:run_insert — run id, mode, seed, nodes, token model, start hour, hours, join after, clock, started, finished */
insert into localnet_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
