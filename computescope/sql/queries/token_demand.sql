/* explorer:tokens:demand — per network, the newest yearly demand in USD: annual or annualised revenue, else burns in USD over the newest year */
with revenue_year as (
    select
        network,
        usd as usd_per_year,
        metric || ' (' || period || ')' as basis,
        source, source_url, observed_at,
        row_number() over (partition by network order by period_start desc, observed_at desc) as recency
    from revenue
    where period in ('year', 'annualised')
),

epochs as (
    select *, max(period_start) over (partition by network) as newest_start
    from token_flows
    where flow = 'burn' and amount_usd is not null and epoch_id <> ''
),

burn_year as (
    select
        network,
        sum(amount_usd) * 365.0 / greatest(date_diff('day', min(period_start), max(period_end)), 1) as usd_per_year,
        'burns, annualised' as basis,
        any_value(source) as source, any_value(source_url) as source_url, max(observed_at) as observed_at
    from epochs
    where period_start >= newest_start - interval 365 day
    group by network
    having count(*) >= 8  -- a few epochs annualised would overstate a peak
),

burn_snapshot as (
    select
        network,
        amount_usd * 365.0 / greatest(date_diff('day', period_start, period_end), 1) as usd_per_year,
        'burns, annualised' as basis,
        source, source_url, observed_at,
        row_number() over (partition by network order by period_end desc, date_diff('day', period_start, period_end) desc) as recency
    from token_flows
    where flow = 'burn' and amount_usd is not null and epoch_id = '' and date_diff('day', period_start, period_end) >= 180
),

final as (
    select network, usd_per_year, basis, source, source_url, observed_at from revenue_year where recency = 1
    union all
    select b.network, b.usd_per_year, b.basis, b.source, b.source_url, b.observed_at
    from burn_year b where b.network not in (select network from revenue_year)
    union all
    select s.network, s.usd_per_year, s.basis, s.source, s.source_url, s.observed_at
    from burn_snapshot s
    where s.recency = 1 and s.network not in (select network from revenue_year) and s.network not in (select network from burn_year)
)

select *, data_kind(source) as kind from final order by network
