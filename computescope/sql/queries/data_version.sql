/* explorer:cache:data_version — changes whenever a node reports, an ingest run finishes or a local-network tick lands; keys memoized page data */
select
    (select max(observed_at) from node_reports) as newest_report,
    (select count(*) from node_reports) as reports,
    (select max(finished_at) from ingest_runs) as newest_run,
    (select max(clock_hour) from localnet_runs) as localnet_clock
