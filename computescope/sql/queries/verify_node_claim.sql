/* verify:store — what a node claims, for sizing its challenges */
select claimed_gpu_raw, cpu_model, cpu_cores from node_keys where network = ? and node_id = ?
