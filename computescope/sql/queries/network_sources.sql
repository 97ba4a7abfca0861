/* explorer:networks:sources — every source that speaks about a network, with its newest observation */
with facts as (
    select network, source, source_url, observed_at, 'GPU inventory' as dataset from gpu_inventory
    union all select network, source, source_url, observed_at, 'utilization' from utilization
    union all select provider, source, source_url, observed_at, 'prices' from prices where provider_kind = 'network'
    union all select network, source, source_url, observed_at, 'revenue' from revenue
    union all select network, source, source_url, observed_at, 'token supply' from token_supply
    union all select network, source, source_url, observed_at, 'token flows' from token_flows
    union all select network, source, source_url, observed_at, 'published figures' from network_facts
),

final as (
    select dataset, source, source_url, count(*) as rows, max(observed_at) as newest
    from facts
    where network = $network
    group by dataset, source, source_url
)

select * from final order by dataset, newest desc
