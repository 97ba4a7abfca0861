/* explorer:networks:inventory_history — all-model GPU counts over time for one network */
select measure, gpus, source, source_url, observed_at
from gpu_inventory
where network = $network and gpu_model = '*'
order by observed_at, measure
