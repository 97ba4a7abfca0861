/* ingest:landing:select — the payloads a run landed, in the order they were fetched */
select source, resource, url, body, fetched_at, status_code, content_type from raw_landing
where run_id = ? order by fetched_at, resource
