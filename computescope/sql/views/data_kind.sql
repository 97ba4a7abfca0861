-- the kind of a figure, from the source that wrote it: simulated (the local network), published (the curated
-- snapshot, each row with its publication), self-reported (a node's own signed claim), observed (a live source)
create or replace macro data_kind(src) as
    case
        when src = 'localnet' then 'simulated'
        when src = 'snapshot' then 'published'
        when src = 'agent' then 'self-reported'
        else 'observed'
    end
