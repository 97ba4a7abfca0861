/* explorer:status:freshness — rows and newest observation per table and source */
with facts as (
    select 'gpu_inventory' as dataset, source, observed_at from gpu_inventory
    union all select 'utilization', source, observed_at from utilization
    union all select 'prices', source, observed_at from prices
    union all select 'revenue', source, observed_at from revenue
    union all select 'token_supply', source, observed_at from token_supply
    union all select 'token_flows', source, observed_at from token_flows
    union all select 'network_facts', source, observed_at from network_facts
    union all select 'nodes', source, observed_at from nodes
),

final as (
    select source, dataset, count(*) as rows, max(observed_at) as newest
    from facts
    group by source, dataset
)

select * from final order by source, dataset
