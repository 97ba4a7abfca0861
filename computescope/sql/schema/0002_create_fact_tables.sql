-- why: every observed fact is history: rows are appended with the run that wrote them and never
-- updated, so a figure can always name its source and age (nodes alone is current state, merged by
-- network and node_id). Loads are idempotent on each table's declared key
-- (computescope/ingest/tables.py), so replaying a payload adds nothing.

create table nodes (
    network        varchar not null,
    node_id        varchar not null,
    operator       varchar,
    name           varchar,
    region         varchar,
    country        varchar,               -- ISO 3166-1 alpha-2
    gpu_model      varchar,
    gpu_model_raw  varchar,
    vram_gb        double,
    interface      varchar,               -- pcie | sxm
    gpu_count      integer,
    cpu_cores      integer,
    memory_gb      double,
    status         varchar,
    uptime_1d      double,                -- fraction 0..1
    uptime_7d      double,
    uptime_30d     double,
    first_seen     timestamptz,
    source         varchar not null,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table gpu_inventory (
    network        varchar not null,
    gpu_model      varchar not null,      -- canonical name; '*' = all models together
    gpu_model_raw  varchar,
    vram_gb        double,
    interface      varchar,
    gpu_class      varchar,               -- datacenter | consumer | workstation
    measure        varchar not null,      -- total | available | leased | registered | verified | active | hired | idle
    gpus           double not null,       -- count of GPUs
    providers      integer,
    nodes          integer,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table utilization (
    network        varchar not null,
    gpu_model      varchar not null default '*',
    resource       varchar not null check (resource in ('gpu', 'cpu')),
    utilization    double not null,       -- fraction 0..1 of capacity in use
    used           double,
    capacity       double,
    period         varchar not null,      -- point | hour | day
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table prices (
    provider         varchar not null,
    provider_kind    varchar not null check (provider_kind in ('network', 'cloud')),
    gpu_model        varchar not null,
    gpu_model_raw    varchar,
    vram_gb          double,
    interface        varchar,
    region           varchar not null default '',
    zone             varchar not null default '',
    price_type       varchar not null,    -- on_demand | spot | bid_min | bid_median | bid_avg | bid_weighted_avg | bid_max
    usd_per_gpu_hour double not null,     -- price is per GPU-hour, USD
    instance_type    varchar,
    gpu_count        double,              -- GPUs in the priced instance
    native_price     double,              -- price in the settlement unit, per GPU-hour
    native_unit      varchar,             -- uakt, IO, ...
    source           varchar not null,
    source_url       varchar,
    observed_at      timestamptz not null,
    run_id           varchar
);

create table revenue (
    network        varchar not null,
    period_start   date not null,
    period         varchar not null,      -- day | week | month | quarter | year | annualised
    metric         varchar not null,      -- revenue | fees | arr
    usd            double not null,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table token_supply (
    symbol          varchar not null,
    network         varchar not null,
    circulating     double,               -- whole tokens
    total           double,
    max_supply      double,
    staked          double,
    price_usd       double,
    market_cap_usd  double,
    source          varchar not null,
    source_url      varchar,
    observed_at     timestamptz not null,
    run_id          varchar
);

create table token_flows (
    symbol          varchar not null,
    network         varchar not null,
    flow            varchar not null,     -- burn | mint | emission_due | buyback | stake | slash
    channel         varchar not null default '',
    epoch_id        varchar not null default '',
    period_start    timestamptz,
    period_end      timestamptz,
    amount_tokens   double,               -- whole tokens
    amount_usd      double,
    source          varchar not null,
    source_url      varchar,
    observed_at     timestamptz not null,
    run_id          varchar
);

create table network_facts (
    network        varchar not null,
    metric         varchar not null,      -- e.g. cpus_total, countries, frames_rendered
    value          double not null,
    unit           varchar,
    note           varchar,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);
