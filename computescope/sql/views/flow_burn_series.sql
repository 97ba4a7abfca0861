-- one grain per burn series: per token, live (observed or simulated) rows supersede every published row over
-- their span, and of the published rows left only the outermost are kept (a row inside another published
-- row is already counted in it), so a sum over the series counts every burned token once; whole tokens and USD
create or replace view flow_burn_series as
with burns as (
    select *, data_kind(source) as kind
    from token_flows
    where flow = 'burn'
    qualify row_number() over (
        partition by symbol, source, channel, epoch_id, period_start, period_end order by observed_at desc
    ) = 1
),

live_span as (
    select symbol, min(period_start) as lo, max(period_end) as hi
    from burns
    where kind <> 'published'
    group by symbol
),

published as (
    select b.*
    from burns as b
    left join live_span as l using (symbol)
    where b.kind = 'published'
      and (l.symbol is null or b.period_end <= l.lo or b.period_start >= l.hi)
),

outermost as (
    select p.*
    from published as p
    where not exists (
        select 1
        from published as o
        where o.symbol = p.symbol
          and o.period_start <= p.period_start
          and o.period_end >= p.period_end
          and (o.period_start < p.period_start or o.period_end > p.period_end)
    )
),

final as (
    select * from burns where kind <> 'published'
    union all
    select * from outermost
)

select * from final
