/* api:checks — the newest result of every data check: bad rows (0 = passed), a sample of them, the run they followed */
select
    check_name,
    case when bad_rows = 0 then 'passed' else 'failed' end as status,
    bad_rows, sample, run_id, check_id, 'checks' as source, null::varchar as source_url, checked_at as observed_at
from check_results
qualify row_number() over (partition by check_name order by checked_at desc) = 1
order by bad_rows desc, check_name
