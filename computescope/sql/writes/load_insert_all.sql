/* ingest:load:insert_all — every staged row; {target}, {columns}, {staging} come from the table allowlist */
insert into {target} ({columns}) select {columns} from {staging}
