/* write:verify — one device's claimed against measured hardware */
insert into node_attestations (network, node_id, device, claimed, measured_compute, measured_bandwidth, compute_ratio,
    bandwidth_ratio, best_fit, verdict, reason, source, observed_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
