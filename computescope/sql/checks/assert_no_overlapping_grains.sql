-- a served series never mixes grains: no two rows of a token's burn series (flow_burn_series) cover the same time.
-- Rows overlapping by more than half of the shorter one count the same burns twice (a year beside its weeks); the
-- hour or two by which a source's own consecutive epochs touch is its boundary, not a second grain.
with pairs as (
    select
        a.symbol, a.channel,
        a.source, a.epoch_id, a.period_start, a.period_end,
        b.source as other_source, b.epoch_id as other_epoch_id, b.period_start as other_start, b.period_end as other_end,
        epoch(least(a.period_end, b.period_end) - greatest(a.period_start, b.period_start)) as overlap_s,
        least(epoch(a.period_end - a.period_start), epoch(b.period_end - b.period_start)) as shorter_s
    from flow_burn_series as a
    inner join flow_burn_series as b
        on a.symbol = b.symbol
       and a.channel = b.channel
       and a.period_start < b.period_end
       and b.period_start < a.period_end
       and (a.period_start, a.period_end, a.source, a.epoch_id) < (b.period_start, b.period_end, b.source, b.epoch_id)
)

select * exclude (overlap_s, shorter_s)
from pairs
where overlap_s > 0.5 * shorter_s
