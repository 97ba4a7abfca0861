/* explorer:networks:facts — published figures about one network, newest first */
select metric, value, unit, note, source, source_url, observed_at
from network_facts
where network = $network
order by observed_at desc, metric
