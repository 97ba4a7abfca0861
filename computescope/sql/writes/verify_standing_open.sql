/* write:verify — a new node's standing: its bond, no history, the prior reputation */
insert into node_standing (network, node_id, stake, passes, fails, uptime_30d, score, failures, suspended_until, earned, reputation,
    source, observed_at)
values (?, ?, ?, 0, 0, 1.0, 1.0, '[]', null, 0.0, ?, ?, ?)
