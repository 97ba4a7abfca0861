/* api:nodes — registered nodes: claimed and attested hardware, availability 1d/7d/30d from heartbeat runs,
   30-day SLA, challenge record (and failed attestations), reputation, stake and status, as of $now (epoch seconds) */
with a1 as (select * from node_availability($now, 86400, $grace)),
a7 as (select * from node_availability($now, 604800, $grace)),
a30 as (select * from node_availability($now, 2592000, $grace)),

att as (
    select network, node_id, device, claimed, best_fit, verdict, measured_compute, measured_bandwidth,
        row_number() over (partition by network, node_id, device order by observed_at desc) as recency
    from node_attestations
),

att_failed as (
    select network, node_id, count(*) as attestations_failed  -- a rejected GPU claim is punished as a failed proof
    from node_attestations
    where device = 'gpu' and verdict = 'reject'
    group by network, node_id
),

runs as (
    select network, node_id, max(last_slot) as last_slot, max(observed_at) as last_seen, sum(beats) as reports
    from node_heartbeat_runs
    group by network, node_id
),

ch as (
    select network, node_id,
        count(*) filter (where verdict = 'pass') as challenges_passed,
        count(*) filter (where verdict = 'fail') as challenges_failed,
        arg_max(verdict, responded_at) filter (where state = 'settled') as last_verdict,
        max(responded_at) as last_challenge_at,
        median(latency_s) filter (where verdict = 'pass') as median_latency_s,
        -- throughput proven by a passed, timed challenge: never a figure the node reports about itself
        max(proven_gflops) filter (where verdict = 'pass') as proven_gflops,
        count(*) filter (where verdict = 'pass' and proven_gflops >= required_gflops) as claim_proofs
    from node_challenges
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
        a1.expected_slots as expected_1d, a1.down_slots as down_1d,
        a7.expected_slots as expected_7d, a7.down_slots as down_7d,
        a30.expected_slots as expected_30d, a30.down_slots as down_30d,
        case when a1.expected_slots > 0 then (a1.expected_slots - a1.down_slots) / a1.expected_slots end as availability_1d,
        case when a7.expected_slots > 0 then (a7.expected_slots - a7.down_slots) / a7.expected_slots end as availability_7d,
        case when a30.expected_slots > 0 then (a30.expected_slots - a30.down_slots) / a30.expected_slots end as availability_30d,
        coalesce(ch.challenges_passed, 0) as challenges_passed,
        coalesce(ch.challenges_failed, 0) as challenges_failed,
        ch.last_verdict, ch.last_challenge_at, ch.median_latency_s, ch.proven_gflops, coalesce(ch.claim_proofs, 0) as claim_proofs,
        coalesce(af.attestations_failed, 0) as attestations_failed,
        s.reputation, s.stake, s.earned, s.suspended_until,
        k.registered_at, r.last_seen, r.last_slot, coalesce(r.reports, 0)::bigint as reports,
        k.source,
        greatest(k.observed_at, r.last_seen, s.observed_at) as observed_at
    from node_keys as k
    left join a1 using (network, node_id)
    left join a7 using (network, node_id)
    left join a30 using (network, node_id)
    left join att as g on g.network = k.network and g.node_id = k.node_id and g.device = 'gpu' and g.recency = 1
    left join att as c on c.network = k.network and c.node_id = k.node_id and c.device = 'cpu' and c.recency = 1
    left join runs as r on r.network = k.network and r.node_id = k.node_id
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
