/* ingest:load:merge_delete — rows the staged frame replaces; {target}, {staging}, {match} come from the table allowlist */
delete from {target} t where exists (select 1 from {staging} s where {match})
