/* write:verify — a node in the shared current-state `nodes` table (source agent), with its uptimes as of now */
insert into nodes (network, node_id, operator, name, gpu_model, gpu_model_raw, vram_gb, gpu_count, cpu_cores, memory_gb,
    status, uptime_1d, uptime_7d, uptime_30d, first_seen, source, observed_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
