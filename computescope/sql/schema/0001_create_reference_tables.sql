-- why: the networks, the price providers and the tokens are the dimensions every fact hangs on;
-- they are current-state tables, merged by their key on every load.

create table networks (
    network        varchar primary key,   -- slug: akash, ionet, render, aethir, gensyn
    name           varchar not null,
    supply_source  varchar,               -- seed article: who supplies the hardware
    customers      varchar,               -- seed article: who buys
    layer          varchar,               -- bare metal | orchestration | aggregation
    main_business  varchar,
    token_model    varchar,               -- BME | SFA | emission + buy-back | unknown
    token_symbol   varchar,
    website        varchar,
    explorer_url   varchar,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table providers (
    provider       varchar primary key,   -- aws, gcp, azure, lambda, runpod, vast, ..., akash, ionet
    name           varchar not null,
    provider_kind  varchar not null check (provider_kind in ('network', 'cloud')),
    hyperscaler    boolean not null default false,
    website        varchar,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);

create table tokens (
    symbol         varchar primary key,   -- AKT, IO, RENDER, ATH, AI
    network        varchar not null,
    name           varchar,
    chain          varchar,
    token_model    varchar,
    max_supply     double,                -- whole tokens; null = no cap
    decimals       integer,
    emission       varchar,               -- emission schedule, in words
    burn_rule      varchar,
    staking_rule   varchar,
    source         varchar not null,
    source_url     varchar,
    observed_at    timestamptz not null,
    run_id         varchar
);
