/* explorer:networks:revenue — revenue figures for one network, USD */
select period_start, period, metric, usd, source, source_url, observed_at
from revenue
where network = $network
order by period_start
