/* explorer:tokens:list — token facts with the newest supply figures */
select
    t.symbol, t.network, t.name, t.chain, t.token_model, coalesce(s.max_supply, t.max_supply) as max_supply,
    s.circulating, s.circulating_at, s.total, s.price_usd, s.price_at, t.emission, t.burn_rule, t.staking_rule,
    t.source, t.source_url, t.observed_at
from tokens t
left join latest_token_supply s using (symbol)
order by t.symbol
