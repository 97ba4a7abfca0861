/* api:revenue — revenue series, optionally for one network; USD */
select network, period_start, period, metric, usd, data_kind(source) as kind, source, source_url, observed_at
from revenue
where ($network is null or network = $network)
qualify row_number() over (partition by network, period_start, period, metric, source order by observed_at desc) = 1
order by network, period_start
