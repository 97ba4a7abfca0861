"""Local-network test helpers: a small fixed-clock network, running it day by day, rollups checked against a recomputation."""

from __future__ import annotations

import numpy as np
import polars as pl

from computescope.db import Database
from computescope.localnet.backfill import chunk_bounds
from computescope.localnet.sim.network import LocalNet, LocalNetConfig

END_HOUR = 492_000  # a fixed clock: 2026-02-15 00:00 UTC, so every run sees the same hours
SMALL = LocalNetConfig(seed=7, nodes=60, start_hour=END_HOUR - 72, hours=72)


def run_days(config: LocalNetConfig) -> tuple[LocalNet, list]:
    """Run a network day by day (as a backfill does) and return it with its chunks."""
    net = LocalNet(config)
    return net, [net.run(h0, h1 - h0) for h0, h1 in chunk_bounds(config.start_hour, config.end_hour)]


RECOMPUTED = {
    "localnet_node_days": """
        select node_key, cast(hour as date) as day, count(*) as hours, count(*) filter (where up) as up_hours,
            sum(leased_gpus) as leased_gpu_hours, avg(utilization) as utilization, sum(earnings_usd) as earnings_usd
        from localnet_node_hours group by all""",
    "localnet_model_hours": """
        select h.hour, n.gpu_model, n.gpu_class, count(*) as nodes, count(*) filter (where h.up) as nodes_up, sum(n.gpu_count) as gpus,
            coalesce(sum(n.gpu_count) filter (where h.up), 0) as gpus_up, sum(h.leased_gpus) as leased_gpus, sum(h.earnings_usd) as earnings_usd
        from localnet_node_hours h join localnet_nodes n using (node_key) group by all""",
    "localnet_operator_days": """
        select n.operator_id, cast(h.hour as date) as day, count(distinct h.node_key) as nodes,
            count(*) as node_hours, count(*) filter (where h.up) as up_node_hours, sum(n.gpu_count) as gpu_hours,
            sum(h.leased_gpus) as leased_gpu_hours, sum(h.earnings_usd) as earnings_usd
        from localnet_node_hours h join localnet_nodes n using (node_key) group by all""",
}
KEYS = {"localnet_node_days": ["node_key", "day"], "localnet_model_hours": ["hour", "gpu_model"], "localnet_operator_days": ["operator_id", "day"]}


def assert_rollups_match(db: Database) -> None:
    cur = db.cursor()
    for table, sql in RECOMPUTED.items():
        kept = cur.sql(f"select * from {table}").pl().sort(KEYS[table])
        again = cur.sql(sql).pl().sort(KEYS[table])
        assert kept.height == again.height, table
        for col in kept.columns:
            if col in again.columns and col not in KEYS[table] and (table, col) != ("localnet_operator_days", "gpus") and kept[col].dtype.is_numeric():
                a, b = kept[col].cast(pl.Float64).to_numpy(), again[col].cast(pl.Float64).to_numpy()
                assert np.allclose(a, b, rtol=1e-5, atol=1e-3), (table, col)
