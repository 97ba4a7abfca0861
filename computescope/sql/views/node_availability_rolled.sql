-- the down slots of one window from the rollup (nodes_list): a heard node's gaps that count; a node never heard is down for
-- the whole window when the window is long enough to count (the rule of the node_availability macro)
create or replace macro rolled_down(heard, gaps_down, expected, grace) as
    case
        when heard then coalesce(gaps_down, 0)
        when expected >= greatest(grace, 1) then expected
        else 0
    end::bigint
