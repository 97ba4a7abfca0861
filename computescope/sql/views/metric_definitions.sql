-- the one definition of every metric a page, the API or the CLI shows: its name, unit, grain and meaning
create or replace view metric_definitions as
with shared as (
    select * from (
        values
            ('gpus_registered', 'GPUs', 'network · newest observation',
             'GPUs registered with the network (all models), newest observation'),
            ('gpus_verified', 'GPUs', 'network · newest observation',
             'GPUs that passed the network''s own verification (all models), newest observation'),
            ('gpus_active', 'GPUs', 'network · newest observation',
             'GPUs the network reports active (all models), newest observation'),
            ('gpus_total', 'GPUs', 'network · newest observation',
             'GPUs the network lists in total, its own undifferentiated count (all models), newest observation'),
            ('gpu_utilization', 'fraction', 'network · newest observation',
             'share of GPU capacity in use (0..1), all models, newest observation'),
            ('h100_price_usd_per_gpu_hour', 'USD/GPU-h', 'provider · newest prices',
             'one H100 price per provider: the median over its newest prices of the most telling type (bid median, on-demand, list), all regions and memory sizes'),
            ('h100_hyperscaler_median_usd_per_gpu_hour', 'USD/GPU-h', 'all hyperscalers · newest prices',
             'median of every newest on-demand H100 price of AWS, GCP and Azure, all regions and memory sizes'),
            ('token_model', 'text', 'token', 'the token''s incentive model (BME, SFA, emission + buy-back)'),
            ('token_emission_next_year', 'tokens', 'token · the 12 months from today',
             'tokens the published schedule emits over the 12 months after the newest observation, pro rata over scheduled periods'),
            ('token_burned_total', 'tokens', 'token · sum over one grain',
             'every burned token, summed over the finest series (per-epoch rows supersede coarser published totals)'),
            ('token_price_usd', 'USD', 'token · newest observation',
             'the newest market price of the token; the calibration value (assumed) until market data is ingested'),
            ('token_demand_usd_per_year', 'USD/year', 'network · one year',
             'yearly demand: annual or annualised revenue, else burns in USD over the newest year, annualised'),
            ('demand_coverage', 'fraction', 'token · one year',
             'yearly demand in USD (revenue, else burns) divided by yearly emissions valued in USD')
    ) as t(name, unit, grain, description)
),

published as (
    -- every other figure a network publishes (network_facts) is a metric of its own name, in the unit it is published in
    select
        metric as name,
        case lower(any_value(unit)) when 'usd' then 'USD' else any_value(unit) end as unit,
        'network · newest publication' as grain,
        'a figure the network publishes: ' || replace(metric, '_', ' ') as description
    from network_facts
    where metric not in (select name from shared)
    group by metric
),

final as (
    select * from shared
    union all
    select * from published
)

select * from final
