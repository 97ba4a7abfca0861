/* explorer:networks:inventory — newest all-model GPU counts per network and measure */
select network, measure, gpus, source, source_url, observed_at
from latest_inventory
where gpu_model = '*'
order by network, measure
