-- utilization is a fraction of capacity: within [0, 1], and never more used than capacity
select network, gpu_model, resource, period, utilization, used, capacity, source, observed_at
from utilization
where utilization < 0 or utilization > 1 or isnan(utilization) or (used is not null and capacity is not null and used > capacity)
