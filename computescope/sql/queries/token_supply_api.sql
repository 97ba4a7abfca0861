/* api:tokens:supply — supply observations for one token, oldest first; amounts in whole tokens */
select symbol, network, circulating, total, max_supply, staked, price_usd, market_cap_usd, data_kind(source) as kind, source, source_url, observed_at
from token_supply
where symbol = $symbol
order by observed_at
