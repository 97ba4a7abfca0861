/* api:nodes — registered nodes: claimed and attested hardware, availability 1d/7d/30d from heartbeat runs,
   30-day SLA, challenge record (and failed attestations), reputation, stake and status, as of $now (epoch seconds).
   Availability comes from the rollup the writers keep when $rolled (it accounts for every run), else from the runs.
   The columns of the proof record are placeholders here, filled for one page by nodes_list_proofs.
   $keys, when not null, names the nodes to compute ('network/node_id'): a page already chosen from node_keys alone. */
with keys as (
    select * from node_keys
    where ($network is null or network = $network) and ($node_id is null or node_id = $node_id)
        and ($operator is null or lower(operator) = lower($operator))
        and ($keys is null or list_contains($keys, network || '/' || node_id))
),

bounds as (
    -- each window runs from lo (its length back from now, not before registration) to end_slot, in 60 s slots
    select
        network,
        node_id,
        floor($now / 60)::bigint as end_slot,
        least(greatest(floor($now / 60)::bigint - 1440, ceil(epoch(registered_at) / 60)::bigint), floor($now / 60)::bigint) as lo_1d,
        least(greatest(floor($now / 60)::bigint - 10080, ceil(epoch(registered_at) / 60)::bigint), floor($now / 60)::bigint) as lo_7d,
        least(greatest(floor($now / 60)::bigint - 43200, ceil(epoch(registered_at) / 60)::bigint), floor($now / 60)::bigint) as lo_30d
    from keys
    where $rolled
),

-- the same rules as the node_availability macro, over the rollup's gaps in one pass: a gap clipped to a window counts when
-- it lasts at least $grace slots (the 30-day window holds the other two, so its gaps are all that can count)
clipped as (
    select
        b.network,
        b.node_id,
        greatest(0, least(g.gap_to, b.end_slot) - greatest(g.gap_from, b.lo_1d)) as len_1d,
        greatest(0, least(g.gap_to, b.end_slot) - greatest(g.gap_from, b.lo_7d)) as len_7d,
        greatest(0, least(g.gap_to, b.end_slot) - greatest(g.gap_from, b.lo_30d)) as len_30d
    from bounds as b
    inner join node_availability_gaps as g
        on g.network = b.network and g.node_id = b.node_id and g.gap_to > b.lo_30d and g.gap_from < b.end_slot
),

gap_down as (
    select
        network,
        node_id,
        sum(len_1d) filter (where len_1d >= greatest($grace, 1)) as down_1d,
        sum(len_7d) filter (where len_7d >= greatest($grace, 1)) as down_7d,
        sum(len_30d) filter (where len_30d >= greatest($grace, 1)) as down_30d
    from clipped
    group by network, node_id
),

-- a node never heard is down for its whole window (rolled_down)
rolled as (
    select
        b.network,
        b.node_id,
        b.end_slot - b.lo_1d as expected_1d,
        rolled_down(n.node_id is not null, d.down_1d, b.end_slot - b.lo_1d, $grace) as down_1d,
        b.end_slot - b.lo_7d as expected_7d,
        rolled_down(n.node_id is not null, d.down_7d, b.end_slot - b.lo_7d, $grace) as down_7d,
        b.end_slot - b.lo_30d as expected_30d,
        rolled_down(n.node_id is not null, d.down_30d, b.end_slot - b.lo_30d, $grace) as down_30d,
        n.last_slot,
        n.last_seen,
        n.beats as reports
    from bounds as b
    left join node_availability_nodes as n on n.network = b.network and n.node_id = b.node_id
    left join gap_down as d on d.network = b.network and d.node_id = b.node_id
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

-- the proof records of the listed nodes only (the semi joins keep a page's reads to its own nodes)
att as (
    select a.network, a.node_id, a.device, a.claimed, a.best_fit, a.verdict, a.measured_compute, a.measured_bandwidth,
        row_number() over (partition by a.network, a.node_id, a.device order by a.observed_at desc) as recency
    from node_attestations as a
    semi join keys as k on k.network = a.network and k.node_id = a.node_id
    where ($network is null or a.network = $network) and ($node_id is null or a.node_id = $node_id)
),

att_failed as (
    select a.network, a.node_id, count(*) as attestations_failed  -- a rejected GPU claim is punished as a failed proof
    from node_attestations as a
    semi join keys as k on k.network = a.network and k.node_id = a.node_id
    where a.device = 'gpu' and a.verdict = 'reject'
        and ($network is null or a.network = $network) and ($node_id is null or a.node_id = $node_id)
    group by a.network, a.node_id
),

ch as (
    select c.network, c.node_id,
        count(*) filter (where c.verdict = 'pass') as challenges_passed,
        count(*) filter (where c.verdict = 'fail') as challenges_failed,
        arg_max(c.verdict, c.responded_at) filter (where c.state = 'settled') as last_verdict
    from node_challenges as c
    semi join keys as k on k.network = c.network and k.node_id = c.node_id
    where ($network is null or c.network = $network) and ($node_id is null or c.node_id = $node_id)
    group by c.network, c.node_id
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
