/* explorer:node:story — one node's history, newest first, from every record kept about it: stake and reputation events
   (node_events), challenge verdicts, hardware attestations, and status changes (offline when heartbeats stopped for at least
   $grace slots, online when they resumed; offline still at $now, epoch seconds). cause names the proof behind a row. */
with ev as (
    select observed_at as happened_at, kind, amount, value, reason, challenge_id as cause, source
    from node_events
    where network = $network and node_id = $node_id
),

verdicts as (
    select coalesce(responded_at, committed_at, issued_at) as happened_at, 'challenge_' || verdict as kind, null::double as amount,
        latency_s as value, reason, challenge_id as cause, source
    from node_challenges
    where network = $network and node_id = $node_id and verdict is not null
),

attested as (
    select observed_at as happened_at, 'attestation_' || verdict as kind, null::double as amount, compute_ratio as value,
        coalesce(reason, best_fit) as reason, 'attestation:' || device as cause, source
    from node_attestations
    where network = $network and node_id = $node_id
),

edges as (
    select first_slot, last_slot, source, lag(last_slot) over (order by first_slot) as prev_last,
        lead(first_slot) over (order by first_slot) as next_first
    from node_heartbeat_runs
    where network = $network and node_id = $node_id
),

changes as (
    select to_timestamp((prev_last + 1) * 60) as happened_at, 'offline' as kind, null::double as amount,
        (first_slot - prev_last - 1)::double as value, 'no heartbeat' as reason, null::varchar as cause, source
    from edges where first_slot - prev_last - 1 >= $grace
    union all
    select to_timestamp(first_slot * 60), 'online', null, (first_slot - prev_last - 1)::double, 'heartbeats resumed', null, source
    from edges where first_slot - prev_last - 1 >= $grace
    union all
    select to_timestamp((last_slot + 1) * 60), 'offline', null, null, 'no heartbeat since', null, source
    from edges where next_first is null and last_slot < floor($now / 60) - $grace
)

-- step orders rows of one moment as they happened: the bond and prior reputation, the verdict, its consequences, the new reputation
select *, case
    when kind = 'bond' then 0
    when kind = 'reputation' and cause is null and reason is null and amount is null and happened_at = (select min(happened_at) from ev) then 1
    when kind like 'attestation_%' or kind like 'challenge_%' or kind in ('offline', 'online') then 2
    when kind in ('slash', 'reward') then 3
    when kind = 'reward_zeroed' then 4
    when kind = 'suspend' then 5
    else 6
end as step
from (
    select * from ev
    union all select * from verdicts
    union all select * from attested
    union all select * from changes
)
order by happened_at desc, step desc, kind
limit $limit
