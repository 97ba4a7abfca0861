-- why: `nodes` holds each provider's current row only (merged by network and node_id), so a provider's past would be
-- lost at every poll. Each load of `nodes` counts every provider it observed into its UTC day here: how often it was
-- seen and seen online, and the network's own published 24-hour uptime, last of the day. Pages and the API read these
-- daily rows, never the raw landings. A replayed payload counts nothing (an observation no newer than the day's last).
create table provider_days (
    network            varchar not null,
    provider           varchar not null,   -- the network's id for it (Akash: the provider's owner address)
    day                date not null,      -- UTC
    operator           varchar,
    name               varchar,
    gpu_model          varchar,
    gpu_count          integer,
    samples            integer not null,   -- polls that observed it that day
    online_samples     integer not null,   -- of which it was online
    uptime_1d          double,             -- fraction 0..1, as the network publishes it, last of the day
    source             varchar not null,
    first_observed_at  timestamptz not null,
    last_observed_at   timestamptz not null,
    primary key (network, provider, day)
);
