"""Each table's declared key and load mode: the allowlist of identifiers the loader may write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LoadMode = Literal["append", "merge"]


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: tuple[str, ...]
    mode: LoadMode


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("networks", ("network",), "merge"),
        TableSpec("providers", ("provider",), "merge"),
        TableSpec("tokens", ("symbol",), "merge"),
        TableSpec("nodes", ("network", "node_id"), "merge"),
        TableSpec("gpu_inventory", ("network", "gpu_model", "vram_gb", "interface", "measure", "source", "observed_at"), "append"),
        TableSpec("utilization", ("network", "gpu_model", "resource", "period", "source", "observed_at"), "append"),
        TableSpec(
            "prices",
            ("provider", "gpu_model", "vram_gb", "interface", "region", "zone", "price_type", "instance_type", "source", "observed_at"),
            "append",
        ),
        TableSpec("revenue", ("network", "period_start", "period", "metric", "source", "observed_at"), "append"),
        TableSpec("token_supply", ("symbol", "source", "observed_at"), "append"),
        TableSpec("token_flows", ("symbol", "flow", "channel", "epoch_id", "period_start", "source", "observed_at"), "append"),
        TableSpec("network_facts", ("network", "metric", "source", "observed_at"), "append"),
    )
}
