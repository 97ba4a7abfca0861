/* api:tokens:burns — burned tokens for one token, one grain (flow_burn_series), oldest first; whole tokens and USD */
select symbol, network, epoch_id, period_start, period_end, amount_tokens, amount_usd, channel, kind, source, source_url, observed_at
from flow_burn_series
where symbol = $symbol
order by period_start nulls last, epoch_id
