/* explorer:provider:index — the providers of $network the daily rollup has seen (one, when $provider is named): name,
   operator, GPUs, the days observed and online share over them, the last poll; most GPUs first, $limit from $offset */
with latest as (
    select * from provider_days
    where network = $network and ($provider is null or provider = $provider)
    qualify row_number() over (partition by provider order by day desc) = 1
),

spans as (
    select provider, count(*) as days, min(day) as first_day, sum(online_samples) / sum(samples) as availability
    from provider_days
    where network = $network and ($provider is null or provider = $provider)
    group by provider
)

select
    l.provider,
    l.name,
    l.operator,
    l.gpu_model,
    l.gpu_count,
    s.days,
    s.first_day,
    s.availability,
    l.uptime_1d,
    l.day as last_day,
    count(*) over () as total,
    l.source,
    'observed' as kind,
    l.last_observed_at as observed_at
from latest as l
inner join spans as s using (provider)
order by l.gpu_count desc nulls last, l.provider
limit $limit offset $offset
