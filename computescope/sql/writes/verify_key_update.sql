/* write:verify — a re-registration updates the claims; never the network, node id or key */
update node_keys set operator = ?, claimed_gpu = ?, claimed_gpu_raw = ?, gpu_count = ?, gpu_vram_gb = ?, cpu_model = ?,
    cpu_cores = ?, memory_gb = ?, hardware = ?, agent = ?, claimed_network = ?, endorsed_by = ?, observed_at = ?
where public_key = ?
