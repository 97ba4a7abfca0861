-- why: the local network runs the matching, verification and token cores on a simulated fleet, so the explorer is
-- alive without any public API and can be measured at the size of a real network. What every source has (nodes,
-- inventory, utilization, prices, token flows, facts) goes to the shared tables through the ingest loader; what only
-- the local network has lives here: its operators and fleet, one row per node and hour (the one large table:
-- append-only, no key, typed small), its leases and clearing index, and the rollups pages read instead of the
-- hourly table (per node and day, per operator and day, per GPU model and hour), rewritten for the days a chunk touched.

create table localnet_runs (
    run_id       varchar primary key,
    mode         varchar not null,        -- backfill | live
    seed         bigint not null,
    nodes        integer not null,
    token_model  varchar not null,        -- BME | SFA
    start_hour   timestamp not null,      -- UTC; the fleet's registrations are placed relative to this span
    hours        integer not null,
    join_after_hours integer not null default 0,  -- nodes keep registering this long after the span
    clock_hour   timestamp not null,      -- the network's own clock: the next hour it will simulate
    started_at   timestamptz not null,
    finished_at  timestamptz
);

create table localnet_operators (
    operator_id  varchar primary key,
    name         varchar not null,
    kind         varchar not null,        -- individual | datacentre
    country      varchar,                 -- ISO 3166-1 alpha-2 of most of its nodes
    region       varchar,
    ask_policy   varchar not null,        -- individual | budget | market | premium
    ask_markup   real,                    -- mean ask ÷ the model's reference price
    nodes        integer not null
);

create table localnet_nodes (
    node_key        integer primary key,
    node_id         varchar not null,
    operator_id     varchar not null,
    node_class      varchar not null,     -- consumer | datacenter
    gpu_model       varchar not null,     -- as claimed
    gpu_class       varchar not null,
    gpu_count       smallint not null,
    region          varchar not null,
    country         varchar not null,
    ask_usd         real not null,        -- USD per GPU-hour
    joined_at       timestamp not null,
    cheat_fraction  real not null         -- share of challenge rows it skips; 0 for an honest node
);

create table localnet_node_hours (
    node_key      integer not null,
    hour          timestamp not null,     -- UTC, start of the hour
    utilization   real not null,          -- fraction 0..1 of the node's GPUs leased and served
    leased_gpus   smallint not null,
    earnings_usd  real not null,          -- USD earned in the hour
    up            boolean not null
);

create table localnet_leases (
    lease_id              bigint not null,
    order_id              bigint not null,
    tenant_id             integer not null,
    workload              varchar not null,   -- inference | rendering | training | reserved
    node_key              integer not null,
    starts_at             timestamp not null,
    hours                 smallint not null,
    gpus                  smallint not null,
    usd_per_gpu_hour      real not null,      -- what the tenant pays (clearing price, or the ask for a quote)
    max_usd_per_gpu_hour  real not null,      -- the tenant's limit
    matched_by            varchar not null    -- clearing (hourly batch) | quote (RFQ)
);

create table localnet_market_hours (
    hour          timestamp not null,
    gpu_model     varchar not null,
    region        varchar not null,
    price         real,                   -- uniform clearing price, USD per GPU-hour; null when nothing traded
    price_low     real,
    price_high    real,
    volume_gpus   real not null,
    n_bids        integer not null,
    n_asks        integer not null,
    demand_gpus   real not null,
    supply_gpus   real not null,
    ask_median    real                    -- median ask of the market's listed nodes, USD per GPU-hour
);

create table localnet_model_hours (
    hour          timestamp not null,
    gpu_model     varchar not null,
    gpu_class     varchar not null,
    nodes         integer not null,       -- registered
    nodes_up      integer not null,
    gpus          integer not null,
    gpus_up       integer not null,
    leased_gpus   integer not null,
    earnings_usd  double not null
);

create table localnet_node_days (
    node_key          integer not null,
    day               date not null,
    hours             smallint not null,  -- hours registered
    up_hours          smallint not null,
    leased_gpu_hours  real not null,
    utilization       real not null,      -- mean over the registered hours
    earnings_usd      real not null
);

create table localnet_operator_days (
    operator_id       varchar not null,
    day               date not null,
    nodes             integer not null,
    gpus              integer not null,
    node_hours        integer not null,
    up_node_hours     integer not null,
    gpu_hours         integer not null,
    leased_gpu_hours  real not null,
    earnings_usd      double not null
);

create table localnet_events (
    happened_at  timestamptz not null,
    kind         varchar not null,        -- lease | clear | caught | suspended | joined
    node_id      varchar,
    operator_id  varchar,
    gpu_model    varchar,
    region       varchar,
    amount       double,                  -- lease: GPUs; clear: GPUs traded; caught: stake slashed
    price        double,                  -- USD per GPU-hour
    detail       varchar not null
);
