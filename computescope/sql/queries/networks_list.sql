/* api:networks — the five networks with the seed article's framework */
select
    network, name, supply_source, customers, layer, main_business, token_model, token_symbol,
    website, explorer_url, data_kind(source) as kind, source, source_url, observed_at
from networks
order by network
