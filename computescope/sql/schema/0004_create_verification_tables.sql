-- why: the explorer verifies nodes itself instead of repeating what a network claims. The only writes
-- come from signed node reports (POST /api/v1/nodes/register and /api/v1/reports), so every fact here
-- traces back to a key that proved possession at registration. Liveness is kept as runs of consecutive
-- 60 s heartbeat slots, not one row per slot: availability is the sum of the gaps between runs, so a
-- month of a healthy node is one row and a query scans runs, never slots.

create table node_keys (
    public_key        varchar primary key,    -- hex Ed25519 public key; one key, one node
    network           varchar not null,       -- localnet or the network the agent declares
    node_id           varchar not null,
    operator          varchar,
    claimed_gpu       varchar,                -- canonical model (core/gpus.py), null without a GPU
    claimed_gpu_raw   varchar,                -- as the agent wrote it
    gpu_count         integer not null default 0,
    gpu_vram_gb       double,
    cpu_model         varchar,
    cpu_cores         integer,
    memory_gb         double,
    hardware          varchar not null,       -- canonical JSON of the claimed hardware, as signed
    agent             varchar,                -- agent software and version
    registered_at     timestamptz not null,
    source            varchar not null,
    observed_at       timestamptz not null,   -- last (re-)registration
    unique (network, node_id)
);

-- A replay is refused by this key even when two copies arrive at once: the second insert fails.
create table node_nonces (
    public_key   varchar not null,
    nonce        varchar not null,
    network      varchar not null,
    signed_at    timestamptz not null,        -- the report's signed timestamp, for pruning past the window
    source       varchar not null,
    observed_at  timestamptz not null,
    primary key (public_key, nonce)
);

create table node_reports (
    network      varchar not null,
    node_id      varchar not null,
    public_key   varchar not null,
    kind         varchar not null,            -- register | heartbeat | commit | open | probe
    nonce        varchar not null,
    signed_at    timestamptz not null,
    digest       varchar not null,            -- sha256 of the canonical signed envelope
    signature    varchar not null,
    bytes        integer not null,
    source       varchar not null,
    observed_at  timestamptz not null         -- when the collector accepted it
);

create table node_heartbeat_runs (
    network      varchar not null,
    node_id      varchar not null,
    first_slot   bigint not null,             -- epoch seconds // 60 of the first slot heard
    last_slot    bigint not null,             -- last consecutive slot heard (inclusive)
    beats        integer not null,            -- accepted reports inside the run
    source       varchar not null,
    observed_at  timestamptz not null,        -- the newest report in the run
    primary key (network, node_id, first_slot)
);

create table node_challenges (
    challenge_id   varchar primary key,
    network        varchar not null,
    node_id        varchar not null,
    seed           varchar not null,          -- hex; A and B are rebuilt from it (core/challenges.py)
    n              integer not null,
    prime          integer not null,
    spot_rows      integer not null,          -- k rows opened after the commitment
    issued_at      timestamptz not null,
    deadline       timestamptz not null,
    state          varchar not null,          -- issued | committed | settled
    root           varchar,                   -- Merkle root of C as committed
    committed_at   timestamptz,
    open_rows      varchar,                   -- JSON list of row indices drawn after the commitment
    open_deadline  timestamptz,
    responded_at   timestamptz,
    verdict        varchar,                   -- pass | fail
    reason         varchar,                   -- late | no_response | wrong_rows | bad_proof | wrong_result | shape
    latency_s      double,                    -- issue to commitment, measured by the collector
    gflops         double,                    -- 2 n³ / latency: a lower bound on the node's throughput
    source         varchar not null,
    observed_at    timestamptz not null
);

create table node_attestations (
    network            varchar not null,
    node_id            varchar not null,
    device             varchar not null,      -- gpu | cpu
    claimed            varchar,
    measured_compute   double,                -- gpu: TFLOPS; cpu: GFLOPS (FP64)
    measured_bandwidth double,                -- gpu: TB/s; cpu: GB/s
    compute_ratio      double,                -- measured / datasheet peak of the claimed part
    bandwidth_ratio    double,
    best_fit           varchar,
    verdict            varchar not null,      -- accept | reject | unrated | unmeasured
    reason             varchar,
    source             varchar not null,
    observed_at        timestamptz not null
);

-- Current standing, the state apply_outcome needs between outcomes (one row per node).
create table node_standing (
    network          varchar not null,
    node_id          varchar not null,
    stake            double not null,         -- local ledger units, not a token
    passes           integer not null,
    fails            integer not null,
    uptime_30d       double not null,
    score            double not null,
    failures         varchar not null,        -- JSON list of failure times (epoch seconds) in the window
    suspended_until  timestamptz,
    earned           double not null,
    reputation       double not null,
    source           varchar not null,
    observed_at      timestamptz not null,
    primary key (network, node_id)
);

create table node_events (
    network       varchar not null,
    node_id       varchar not null,
    kind          varchar not null,           -- bond | reward | reward_zeroed | slash | suspend | reputation
    amount        double,                     -- local ledger units
    value         double,                     -- reputation value, or suspension end (epoch seconds)
    reason        varchar,
    challenge_id  varchar,
    source        varchar not null,
    observed_at   timestamptz not null
);
