/* api:metrics — every shared metric, optionally for one network (or provider) and one name; see metric_definitions */
select name, network, symbol, value, value_text, unit, grain, kind, source, source_url, observed_at
from metrics
where ($network is null or network = $network)
  and ($name is null or name = $name)
order by name, network, symbol
