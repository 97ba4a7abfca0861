/* explorer:cache:data_version — changes whenever a node registers or reports, an ingest run finishes or a local-network tick lands;
   keys memoized page data and the read cache, and tells the split deployment's writer when to publish a snapshot */
select
    (select max(observed_at) from node_reports) as newest_report,
    (select count(*) from node_reports) as reports,
    (select max(finished_at) from ingest_runs) as newest_run,
    (select max(clock_hour) from localnet_runs) as localnet_clock,
    (select max(observed_at) from node_keys) as newest_registration,
    (select count(*) from node_keys) as node_keys
