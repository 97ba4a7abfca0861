-- per token, the newest known value of each supply field (sources publish different fields at different times)
create or replace view latest_token_supply as
with final as (
    select
        symbol,
        any_value(network) as network,
        arg_max(circulating, observed_at) filter (where circulating is not null) as circulating,
        max(observed_at) filter (where circulating is not null) as circulating_at,
        arg_max(total, observed_at) filter (where total is not null) as total,
        arg_max(max_supply, observed_at) filter (where max_supply is not null) as max_supply,
        arg_max(staked, observed_at) filter (where staked is not null) as staked,
        arg_max(price_usd, observed_at) filter (where price_usd is not null) as price_usd,
        max(observed_at) filter (where price_usd is not null) as price_at,
        arg_max(source, observed_at) as source,
        arg_max(source_url, observed_at) as source_url,
        max(observed_at) as observed_at
    from token_supply
    group by symbol
)

select * from final
