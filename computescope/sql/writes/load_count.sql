/* ingest:load:count — rows in a table; {target} comes from the table allowlist */
select count(*) from {target}
