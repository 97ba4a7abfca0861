-- every figure shown in more than one place, one row per metric × subject (a network, a provider or a token), with
-- its unit, kind, source and date; the definitions live in metric_definitions. value is a number, value_text a label.
create or replace view metrics as
with inventory as (
    select
        'gpus_' || measure as name, network, gpus as value, source, source_url, observed_at
    from latest_inventory
    where gpu_model = '*' and measure in ('registered', 'verified', 'active', 'total')
),

utilization as (
    select 'gpu_utilization' as name, network, utilization as value, source, source_url, observed_at
    from latest_utilization
    where gpu_model = '*' and resource = 'gpu'
),

h100 as (
    select 'h100_price_usd_per_gpu_hour' as name, provider as network, usd_per_gpu_hour as value, source, source_url, observed_at
    from provider_model_price
    where gpu_model = 'H100'
),

hyperscalers as (
    select
        'h100_hyperscaler_median_usd_per_gpu_hour' as name, null::varchar as network, usd_per_gpu_hour as value, kind, source, source_url,
        observed_at
    from latest_hyperscaler_median
    where gpu_model = 'H100'
),

published as (
    -- the newest publication of each figure a network publishes (its definitions are in metric_definitions)
    select metric as name, network, value, source, source_url, observed_at
    from network_facts
    qualify row_number() over (partition by network, metric order by observed_at desc, source) = 1
),

token_model as (
    select 'token_model' as name, network, symbol, token_model as value_text, source, source_url, observed_at
    from tokens
),

burned as (
    select
        'token_burned_total' as name,
        any_value(network) as network,
        symbol,
        sum(amount_tokens) as value,
        case when bool_or(kind = 'simulated') then 'simulated' when bool_or(kind = 'observed') then 'observed' else 'published' end as kind,
        string_agg(distinct source, ', ') as source,
        arg_max(source_url, observed_at) as source_url,
        max(observed_at) as observed_at
    from flow_burn_series
    group by symbol
),

schedule as (
    select
        symbol, network, source, source_url, observed_at, period_start, period_end, amount_tokens,
        epoch(period_end - period_start) / 86400.0 as days,
        greatest(0, epoch(least(period_end, now() + interval 365 day) - greatest(period_start, now())) / 86400.0) as overlap_days,
        row_number() over (partition by symbol order by period_end desc) as recency
    from token_flows
    where flow = 'emission_due' and channel = '' and epoch_id = '' and period_end > period_start
),

emission as (
    -- the next 365 days pro rata over the published schedule; days it does not reach continue at its newest rate
    select
        'token_emission_next_year' as name,
        any_value(network) as network,
        symbol,
        sum(amount_tokens * overlap_days / days)
        + greatest(0, 365 - sum(overlap_days)) * max(amount_tokens / days) filter (where recency = 1) as value,
        -- a second short of a full year is a full year: overlaps are measured in floating-point days
        case when sum(overlap_days) >= 365 - 1 / 86400.0 then data_kind(arg_max(source, observed_at)) else 'assumed' end as kind,
        arg_max(source, observed_at) as source,
        arg_max(source_url, observed_at) as source_url,
        max(observed_at) as observed_at
    from schedule
    group by symbol
),

final as (
    select name, network, null::varchar as symbol, value, null::varchar as value_text, data_kind(source) as kind, source, source_url, observed_at
    from inventory
    union all
    select name, network, null, value, null, data_kind(source), source, source_url, observed_at from utilization
    union all
    select name, network, null, value, null, data_kind(source), source, source_url, observed_at from h100
    union all
    select name, network, null, value, null, kind, source, source_url, observed_at from hyperscalers
    union all
    select name, network, null, value, null, data_kind(source), source, source_url, observed_at from published
    union all
    select name, network, symbol, null, value_text, data_kind(source), source, source_url, observed_at from token_model
    union all
    select name, network, symbol, value, null, kind, source, source_url, observed_at from burned
    union all
    select name, network, symbol, value, null, kind, source, source_url, observed_at from emission
)

select f.*, d.unit, d.grain
from final as f
inner join metric_definitions as d using (name)
