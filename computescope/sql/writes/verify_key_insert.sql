/* write:verify — a newly registered node key, its namespace and what it claims */
insert into node_keys (public_key, network, node_id, operator, claimed_gpu, claimed_gpu_raw, gpu_count, gpu_vram_gb, cpu_model,
    cpu_cores, memory_gb, hardware, agent, claimed_network, endorsed_by, registered_at, source, observed_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
