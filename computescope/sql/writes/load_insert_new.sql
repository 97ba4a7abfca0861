/* ingest:load:insert_new — staged rows whose key is not there yet; identifiers come from the table allowlist */
insert into {target} ({columns}) select {columns} from {staging} s where not exists (select 1 from {target} t where {match})
