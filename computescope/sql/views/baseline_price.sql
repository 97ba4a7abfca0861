-- whether a price can stand for its provider in a "cheapest" figure: a cloud's on-demand or list price (never spot), a
-- network's list, on-demand or bid price (never the lowest bid alone, which no buyer is promised)
create or replace macro baseline_price(kind, price_type) as
    case
        when kind = 'cloud' then price_type in ('on_demand', 'list')
        when kind = 'network' then price_type in ('on_demand', 'list', 'bid_median', 'bid_weighted_avg', 'bid_avg', 'bid_max')
        else false
    end
