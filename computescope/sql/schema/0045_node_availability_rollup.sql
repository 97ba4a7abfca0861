-- why: listing, sorting and paging many nodes must not rescan every heartbeat run for each request. The writers keep,
-- per node, the aggregate of its runs and the gaps between them that can still fall inside a 30-day window; the node
-- list reads these while they account for every run (the sums match the runs table), and scans the runs otherwise.
create table node_availability_nodes (
    network      varchar not null,
    node_id      varchar not null,
    runs         bigint not null,          -- heartbeat runs of the node when last rolled up
    beats        bigint not null,          -- accepted reports in them
    last_slot    bigint not null,          -- newest slot heard
    last_seen    timestamptz not null,     -- newest report
    floor_slot   bigint not null           -- gaps ending at or before this slot are not kept
);

create table node_availability_gaps (
    network      varchar not null,
    node_id      varchar not null,
    gap_from     bigint not null,          -- first slot without a heartbeat (-2^62: before the first run)
    gap_to       bigint not null           -- first slot heard again, exclusive (2^62: still silent)
);
