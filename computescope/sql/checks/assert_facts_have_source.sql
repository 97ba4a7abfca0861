-- every fact row names its source and when it was observed
with facts as (
    select 'gpu_inventory' as fact_table, network as subject, source, observed_at from gpu_inventory
    union all select 'utilization', network, source, observed_at from utilization
    union all select 'prices', provider, source, observed_at from prices
    union all select 'revenue', network, source, observed_at from revenue
    union all select 'token_supply', symbol, source, observed_at from token_supply
    union all select 'token_flows', symbol, source, observed_at from token_flows
    union all select 'network_facts', network, source, observed_at from network_facts
    union all select 'nodes', network, source, observed_at from nodes
)

select fact_table, subject, source, observed_at
from facts
where source is null or trim(source) = '' or observed_at is null
