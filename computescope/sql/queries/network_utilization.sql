/* explorer:networks:utilization — newest all-model utilization per network and resource (fraction) */
select network, resource, utilization, source, source_url, observed_at
from latest_utilization
where gpu_model = '*'
order by network, resource
