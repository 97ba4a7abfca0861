/* ingest:load:columns — a table's columns and whether each may be null (the identifier allowlist for the loader) */
select column_name, is_nullable from information_schema.columns where table_name = ? order by ordinal_position
