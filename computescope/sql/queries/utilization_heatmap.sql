/* explorer:utilization:heatmap — mean all-model GPU utilization by weekday × hour of day (UTC) from hourly series; fraction */
select
    isodow(observed_at) as weekday,        -- 1 = Monday
    hour(observed_at) as hour,
    avg(utilization) as utilization,
    count(*) as observations
from utilization
where resource = 'gpu'
  and period = 'hour'
  and gpu_model = '*'
  and list_contains($networks, network)
  and observed_at >= $since
group by all
order by weekday, hour
