"""Plant a few rows of history by hand: one local-network operator's daily rollups, and a real provider's polls counted into days."""

from __future__ import annotations

from datetime import datetime

from computescope.db import Database, write_text

OPERATOR = "op-a"
# node_key, node_id, gpu_model, gpu_count, ask_usd
NODES = ((1, "ln-a1", "H100", 8, 2.0), (2, "ln-a2", "A100", 4, 1.0))
# operator_id, day, nodes, gpus, node_hours, up_node_hours, gpu_hours, leased_gpu_hours, earnings_usd
OPERATOR_DAYS = (
    (OPERATOR, "2026-03-01", 2, 12, 48, 48, 288, 144.0, 216.0),
    (OPERATOR, "2026-03-02", 2, 12, 48, 36, 288, 72.0, 108.0),
    (OPERATOR, "2026-03-03", 2, 12, 48, 0, 288, 0.0, 0.0),
    ("op-b", "2026-03-01", 1, 1, 24, 24, 24, 24.0, 99.0),
)
# hour, gpu_model, gpus, leased_gpus, earnings_usd (L40S is a model op-a does not offer)
MODEL_HOURS = (
    ("2026-03-01 00:00", "H100", 100, 50, 100.0), ("2026-03-01 01:00", "A100", 100, 30, 30.0),
    ("2026-03-02 05:00", "H100", 100, 10, 25.0), ("2026-03-02 05:00", "L40S", 100, 100, 1000.0),
    ("2026-03-03 23:00", "L40S", 100, 0, 0.0),
)
PROVIDER = "akash1provider0acme"
# observed_at, status, published 24-hour uptime
POLLS = (
    ("2026-03-01T06:00:00+00:00", "online", 0.99), ("2026-03-01T18:00:00+00:00", "offline", 0.9),
    ("2026-03-02T06:00:00+00:00", "offline", 0.5), ("2026-03-02T12:00:00+00:00", "online", 0.6),
    ("2026-03-02T18:00:00+00:00", "online", 0.7), ("2026-03-03T06:00:00+00:00", "online", 0.8),
)
# the network's median bid for the provider's GPU model (two polls on 03-01, none on 03-03)
BIDS = (("2026-03-01T05:00:00+00:00", 1.2), ("2026-03-01T17:00:00+00:00", 1.6), ("2026-03-02T05:00:00+00:00", 1.5))


def plant_operator(db: Database) -> None:
    cur = db.cursor()
    cur.execute("insert into localnet_operators values (?, 'Acme GPU', 'datacentre', 'US', 'us-east', 'market', 1.0, 2)", [OPERATOR])
    for key, node_id, model, gpus, ask in NODES:
        cur.execute("insert into localnet_nodes values (?, ?, ?, 'datacenter', ?, 'datacenter', ?, 'us-east', 'US', ?, "
                    "'2026-02-01', 0)", [key, node_id, OPERATOR, model, gpus, ask])
    for row in OPERATOR_DAYS:
        cur.execute("insert into localnet_operator_days values (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
    for hour, model, gpus, leased, earned in MODEL_HOURS:
        cur.execute("insert into localnet_model_hours values (?, ?, 'datacenter', 1, 1, ?, ?, ?, ?)", [hour, model, gpus, gpus, leased, earned])
    cur.execute("insert into utilization (network, gpu_model, resource, utilization, period, source, observed_at) "
                "values ('localnet', '*', 'gpu', 0.3, 'hour', 'localnet', '2026-03-03T23:00:00+00:00')")


def poll_provider(db: Database, observed_at: str, status: str, uptime: float, run_id: str, provider: str = PROVIDER) -> None:
    """One poll as the loader leaves it (the provider's nodes row replaced), then the rollup a nodes load runs."""
    cur = db.cursor()
    cur.execute("delete from nodes where network = 'akash' and node_id = ?", [provider])
    cur.execute("insert into nodes (network, node_id, operator, name, gpu_model, status, uptime_1d, source, observed_at, run_id) "
                "values ('akash', ?, 'Acme Compute', 'provider.acme.example', 'H100', ?, ?, 'akash', ?, ?)",
                [provider, status, uptime, observed_at, run_id])
    cur.execute(write_text("provider_days_rollup"), {"run_id": run_id})


def plant_provider(db: Database) -> None:
    for i, (observed_at, status, uptime) in enumerate(POLLS):
        poll_provider(db, observed_at, status, uptime, f"run-{i}")
    cur = db.cursor()
    for observed_at, usd in BIDS:
        cur.execute("insert into prices (provider, provider_kind, gpu_model, price_type, usd_per_gpu_hour, source, observed_at) "
                    "values ('akash', 'network', 'H100', 'bid_median', ?, 'akash', ?)", [usd, observed_at])


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
