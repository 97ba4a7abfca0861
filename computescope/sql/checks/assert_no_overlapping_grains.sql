-- a served series never mixes grains: no two rows of a token's burn series (flow_burn_series) cover the same time
select
    a.symbol, a.channel,
    a.source as source, a.epoch_id, a.period_start, a.period_end,
    b.source as other_source, b.epoch_id as other_epoch_id, b.period_start as other_start, b.period_end as other_end
from flow_burn_series as a
inner join flow_burn_series as b
    on a.symbol = b.symbol
   and a.channel = b.channel
   and a.period_start < b.period_end
   and b.period_start < a.period_end
   and (a.period_start, a.period_end, a.source, a.epoch_id) < (b.period_start, b.period_end, b.source, b.epoch_id)
