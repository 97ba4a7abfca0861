/* explorer:tokens:flows — burns, mints and scheduled emissions of one token per period, channels summed; whole tokens and USD */
with newest as (
    select *
    from token_flows
    where symbol = $symbol
    qualify row_number() over (partition by flow, channel, epoch_id, period_start, source order by observed_at desc) = 1
),

final as (
    select
        flow,
        epoch_id,
        period_start,
        period_end,
        sum(amount_tokens) as amount_tokens,
        sum(amount_usd) as amount_usd,
        count(*) as channels,
        string_agg(distinct source, ', ') as source,
        any_value(source_url) as source_url,
        max(observed_at) as observed_at
    from newest
    where channel = '' or flow <> 'emission_due' or epoch_id <> ''
    group by flow, epoch_id, period_start, period_end
)

select * from final order by period_start, flow
