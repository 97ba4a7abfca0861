/* ingest:landing:insert — one payload exactly as fetched, before it is parsed */
insert into raw_landing (run_id, source, resource, url, fetched_at, status_code, content_type, bytes, sha256, body)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
