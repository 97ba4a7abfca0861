-- why: operators learn of trouble without watching the pages. A subscription is written only by a request signed with an
-- operator key (a node's own key, or the key that endorsed the node), so nothing alerts unless its owner asked. One state
-- row per subscription and node holds the open episode, so an outage is one alert and one "resolved", however often it is
-- evaluated; every attempt to deliver is logged.
create table alert_subscriptions (
    subscription_id  varchar primary key,
    public_key       varchar not null,        -- hex Ed25519 key that signed the subscription
    rule             varchar not null,        -- offline | challenge_failed | availability_below | ask_off_market | slashed
    threshold        double,                  -- offline: minutes; availability_below: fraction 0..1; ask_off_market: percent
    window_minutes   integer not null,        -- the window a rule looks back over
    channel          varchar not null,        -- webhook | email
    target           varchar not null,        -- URL or address
    secret           varchar not null,        -- hex key of the HMAC-SHA256 that signs each webhook payload
    min_interval_s   integer not null,        -- at most one alert per node in this long, per subscription
    created_at       timestamptz not null,
    active           boolean not null
);

create table alert_nonces (
    public_key  varchar not null,
    nonce       varchar not null,
    seen_at     timestamptz not null,
    primary key (public_key, nonce)
);

create table alert_state (
    subscription_id  varchar not null,
    network          varchar not null,
    node_id          varchar not null,
    firing           boolean not null,
    notified         boolean not null,        -- the open episode's alert went out (a suppressed one gets no "resolved")
    since            timestamptz not null,    -- when the current state began
    detail           varchar,
    last_alert_at    timestamptz,
    primary key (subscription_id, network, node_id)
);

create table alert_deliveries (
    delivery_id      varchar primary key,
    subscription_id  varchar not null,
    network          varchar not null,
    node_id          varchar not null,
    kind             varchar not null,        -- alert | resolved
    rule             varchar not null,
    channel          varchar not null,
    target           varchar not null,
    status           varchar not null,        -- delivered | failed
    attempts         integer not null,
    error            varchar,
    payload          varchar not null,        -- canonical JSON as sent
    created_at       timestamptz not null,
    finished_at      timestamptz not null
);
