/* api:tokens:burns — burned tokens per epoch or period for one token, oldest first; whole tokens and USD */
select symbol, network, epoch_id, period_start, period_end, amount_tokens, amount_usd, channel, source, source_url, observed_at
from token_flows
where symbol = $symbol and flow = 'burn'
qualify row_number() over (partition by epoch_id, period_start, channel order by observed_at desc) = 1
order by period_start nulls last, epoch_id
