-- one grain per burn series: per token, live (observed or simulated) rows supersede the published rows they cover,
-- and of the published rows left only the outermost are kept (a row inside another published row is already
-- counted in it), so a sum over the series counts every burned token once; whole tokens and USD
create or replace view flow_burn_series as
with burns as (
    select *, data_kind(source) as kind
    from token_flows
    where flow = 'burn'
    qualify row_number() over (
        partition by symbol, source, channel, epoch_id, period_start, period_end order by observed_at desc
    ) = 1
),

live as (
    select * from burns where kind <> 'published'
),

published as (
    -- a published row gives way to any live row that covers more than half of the shorter of the two (the hour or
    -- two by which consecutive epochs touch is a boundary, not a cover)
    select b.*
    from burns as b
    where b.kind = 'published'
      and not exists (
          select 1
          from live as l
          where l.symbol = b.symbol
            and l.period_start < b.period_end
            and b.period_start < l.period_end
            and epoch(least(l.period_end, b.period_end) - greatest(l.period_start, b.period_start))
                > 0.5 * least(epoch(l.period_end - l.period_start), epoch(b.period_end - b.period_start))
      )
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
    select * from live
    union all
    select * from outermost
)

select * from final
