/* api:nodes — registered nodes: claimed and attested hardware, availability 1d/7d/30d from heartbeat runs,
   30-day SLA, challenge record (and failed attestations), reputation, stake and status, as of $now (epoch seconds).
   Availability comes from the rollup the writers keep when $rolled (it accounts for every run), else from the runs.
   The columns of the proof record are placeholders here, filled for one page by nodes_list_proofs. */
with keys as (
    select * from node_keys
    where ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
        and ($operator is null or lower(operator) = lower($operator))
),

win as (
    select
        k.network,
        k.node_id,
        w.window_s,
        floor($now / 60)::bigint as end_slot,
        least(
            greatest(floor($now / 60)::bigint - (w.window_s // 60)::bigint, ceil(epoch(k.registered_at) / 60)::bigint),
            floor($now / 60)::bigint
        ) as lo
    from keys as k
    cross join (values (86400), (604800), (2592000)) as w (window_s)
),

-- the same rules as the node_availability macro, over the rollup's gaps: a gap clipped to the window counts when it
-- lasts at least $grace slots; a node never heard is down for its whole window
clipped as (
    select
        w.network,
        w.node_id,
        w.window_s,
        w.end_slot - w.lo as expected,
        case
            when n.node_id is null then w.end_slot - w.lo
            when g.gap_to is null then 0
            else greatest(0, least(g.gap_to, w.end_slot) - greatest(g.gap_from, w.lo))
        end as len
    from win as w
    left join node_availability_nodes as n on n.network = w.network and n.node_id = w.node_id
    left join node_availability_gaps as g
        on g.network = w.network and g.node_id = w.node_id and g.gap_to > w.lo and g.gap_from < w.end_slot
),

rolled as (
    select
        c.network,
        c.node_id,
        any_value(c.expected) filter (where c.window_s = 86400) as expected_1d,
        coalesce(sum(c.len) filter (where c.window_s = 86400 and c.len >= greatest($grace, 1)), 0)::bigint as down_1d,
        any_value(c.expected) filter (where c.window_s = 604800) as expected_7d,
        coalesce(sum(c.len) filter (where c.window_s = 604800 and c.len >= greatest($grace, 1)), 0)::bigint as down_7d,
        any_value(c.expected) filter (where c.window_s = 2592000) as expected_30d,
        coalesce(sum(c.len) filter (where c.window_s = 2592000 and c.len >= greatest($grace, 1)), 0)::bigint as down_30d,
        any_value(n.last_slot) as last_slot,
        any_value(n.last_seen) as last_seen,
        any_value(n.beats) as reports
    from clipped as c
    left join node_availability_nodes as n on n.network = c.network and n.node_id = c.node_id
    where $rolled
    group by c.network, c.node_id
),

runs as (
    select network, node_id, max(last_slot) as last_slot, max(observed_at) as last_seen, sum(beats) as reports
    from node_heartbeat_runs
    where not $rolled and ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
    group by network, node_id
),

scanned as (
    select
        k.network, k.node_id,
        a1.expected_slots as expected_1d, a1.down_slots as down_1d,
        a7.expected_slots as expected_7d, a7.down_slots as down_7d,
        a30.expected_slots as expected_30d, a30.down_slots as down_30d,
        r.last_slot, r.last_seen, r.reports
    from keys as k
    left join node_availability($now, 86400, $grace) as a1 on a1.network = k.network and a1.node_id = k.node_id
    left join node_availability($now, 604800, $grace) as a7 on a7.network = k.network and a7.node_id = k.node_id
    left join node_availability($now, 2592000, $grace) as a30 on a30.network = k.network and a30.node_id = k.node_id
    left join runs as r on r.network = k.network and r.node_id = k.node_id
    where not $rolled
),

windows as (
    select * from rolled
    union all by name
    select * from scanned
),

att as (
    select network, node_id, device, claimed, best_fit, verdict, measured_compute, measured_bandwidth,
        row_number() over (partition by network, node_id, device order by observed_at desc) as recency
    from node_attestations
    where ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
),

att_failed as (
    select network, node_id, count(*) as attestations_failed  -- a rejected GPU claim is punished as a failed proof
    from node_attestations
    where device = 'gpu' and verdict = 'reject'
        and ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
    group by network, node_id
),

ch as (
    select network, node_id,
        count(*) filter (where verdict = 'pass') as challenges_passed,
        count(*) filter (where verdict = 'fail') as challenges_failed,
        arg_max(verdict, responded_at) filter (where state = 'settled') as last_verdict
    from node_challenges
    where ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
    group by network, node_id
),

joined as (
    select
        k.network, k.node_id, k.operator, k.public_key,
        coalesce(k.claimed_network, k.network) as claimed_network, k.endorsed_by,
        case when k.network = 'community' then 'self-reported' else 'observed' end as kind,
        k.claimed_gpu, k.claimed_gpu_raw, k.gpu_count, k.gpu_vram_gb,
        case g.verdict when 'accept' then k.claimed_gpu when 'reject' then g.best_fit end as attested_gpu,
        g.verdict as gpu_verdict, g.measured_compute as gpu_tflops, g.measured_bandwidth as gpu_tbps,
        k.cpu_model, k.cpu_cores, k.memory_gb,
        c.verdict as cpu_verdict, c.best_fit as cpu_best_fit, c.measured_compute as cpu_gflops, c.measured_bandwidth as cpu_gbps,
        a.expected_1d, a.down_1d, a.expected_7d, a.down_7d, a.expected_30d, a.down_30d,
        case when a.expected_1d > 0 then (a.expected_1d - a.down_1d) / a.expected_1d end as availability_1d,
        case when a.expected_7d > 0 then (a.expected_7d - a.down_7d) / a.expected_7d end as availability_7d,
        case when a.expected_30d > 0 then (a.expected_30d - a.down_30d) / a.expected_30d end as availability_30d,
        coalesce(ch.challenges_passed, 0) as challenges_passed,
        coalesce(ch.challenges_failed, 0) as challenges_failed,
        ch.last_verdict,
        -- the proof record (nodes_list_proofs) is read for the rows of the page only
        null::timestamptz as last_challenge_at, null::double as median_latency_s, null::double as proven_gflops, 0::bigint as claim_proofs,
        coalesce(af.attestations_failed, 0) as attestations_failed,
        s.reputation, s.stake, s.earned, s.suspended_until,
        k.registered_at, a.last_seen, a.last_slot, coalesce(a.reports, 0)::bigint as reports,
        k.source,
        greatest(k.observed_at, a.last_seen, s.observed_at) as observed_at
    from keys as k
    left join windows as a on a.network = k.network and a.node_id = k.node_id
    left join att as g on g.network = k.network and g.node_id = k.node_id and g.device = 'gpu' and g.recency = 1
    left join att as c on c.network = k.network and c.node_id = k.node_id and c.device = 'cpu' and c.recency = 1
    left join ch on ch.network = k.network and ch.node_id = k.node_id
    left join att_failed as af on af.network = k.network and af.node_id = k.node_id
    left join node_standing as s on s.network = k.network and s.node_id = k.node_id
),

final as (
    select
        * exclude (last_slot),
        availability_30d < $sla as sla_breach,
        coalesce(suspended_until > to_timestamp($now), false) as suspended,
        coalesce(last_slot, -1) < floor($now / 60) - $grace as offline,
        coalesce(last_verdict = 'pass', false) and coalesce(gpu_verdict, '') <> 'reject' and coalesce(cpu_verdict, '') <> 'reject'
            and not coalesce(suspended_until > to_timestamp($now), false) as verified,
        case
            when suspended_until > to_timestamp($now) then 'suspended'
            when coalesce(last_slot, -1) < floor($now / 60) - $grace then 'offline'
            when last_verdict = 'fail' or gpu_verdict = 'reject' or cpu_verdict = 'reject' then 'failing'
            when last_verdict = 'pass' then 'verified'
            else 'registered'
        end as status
    from joined
)

select * from final
where ($network is null or network = $network)
  and ($node_id is null or node_id = $node_id)
  and ($operator is null or lower(operator) = lower($operator))
  and ($model is null or lower(claimed_gpu) = lower($model) or starts_with(lower(coalesce(attested_gpu, '')), lower($model)))
  and ($q is null or contains(lower(node_id), lower($q)) or contains(lower(coalesce(operator, '')), lower($q)))
