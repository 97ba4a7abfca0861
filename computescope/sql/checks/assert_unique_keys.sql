-- every fact row is unique on its table's declared key (computescope/ingest/tables.py): a replay adds nothing
select 'gpu_inventory' as fact_table, network || ' ' || gpu_model || ' ' || measure as fact_key, observed_at, count(*) as copies
from gpu_inventory group by network, gpu_model, vram_gb, interface, measure, source, observed_at having count(*) > 1
union all
select 'utilization', network || ' ' || gpu_model || ' ' || resource, observed_at, count(*)
from utilization group by network, gpu_model, resource, period, source, observed_at having count(*) > 1
union all
select 'prices', provider || ' ' || gpu_model || ' ' || region || ' ' || price_type, observed_at, count(*)
from prices group by provider, gpu_model, vram_gb, interface, region, zone, price_type, instance_type, source, observed_at having count(*) > 1
union all
select 'revenue', network || ' ' || metric || ' ' || period, observed_at, count(*)
from revenue group by network, period_start, period, metric, source, observed_at having count(*) > 1
union all
select 'token_supply', symbol, observed_at, count(*)
from token_supply group by symbol, source, observed_at having count(*) > 1
union all
select 'token_flows', symbol || ' ' || flow || ' ' || channel || ' ' || epoch_id, observed_at, count(*)
from token_flows group by symbol, flow, channel, epoch_id, period_start, source, observed_at having count(*) > 1
union all
select 'network_facts', network || ' ' || metric, observed_at, count(*)
from network_facts group by network, metric, source, observed_at having count(*) > 1
