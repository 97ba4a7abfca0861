"""The offers a quote weighs, read from the database: clouds on demand and every priced network offer, with its availability."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from computescope.core.catalog.gpus import with_interface
from computescope.core.catalog.networks import BY_SLUG
from computescope.core.catalog.regions import canonical_region
from computescope.core.matching.offers import offers_frame
from computescope.db import Database

NODE_GPUS = 8  # GPUs per node assumed when a network publishes free GPUs but neither node sizes nor their split
PUBLISHED_TYPES = frozenset({"list", "on_demand"})


@dataclass(frozen=True)
class OfferFacts:
    """What an offer is beyond its price: where the figure came from, its kind, and what is known of its capacity."""

    offer_id: str
    provider: str
    provider_kind: str
    gpu_model: str
    instance_type: str | None
    region_raw: str
    price_type: str
    kind: str                     # observed | published | simulated
    source: str
    source_url: str | None
    observed_at: datetime
    available_gpus: int | None    # GPUs the network publishes free; None when it publishes none (or a cloud)
    node_gpus: int | None         # GPUs on one node (a cloud instance, or the network's largest node), when known
    provider_name: str = ""       # the provider's display name (providers.name); the slug when it has none
    interface: str | None = None  # sxm | pcie, when the offer names it

    @property
    def firm(self) -> bool:
        """A cloud's on-demand instance, or a network offer whose free capacity is published."""
        return self.provider_kind == "cloud" or self.available_gpus is not None

    @property
    def availability(self) -> str:
        if self.provider_kind == "cloud":
            return "on demand at list price"
        if self.available_gpus is None:
            return "availability unknown"
        return f"{self.available_gpus:,} × {self.gpu_model} free"

    @property
    def label(self) -> str:
        """What is bought, beside the provider and region: the instance, else the model with its form factor ("H100 SXM")."""
        return self.instance_type or with_interface(self.gpu_model, self.interface)


def _kind(row: dict[str, Any]) -> str:
    network = BY_SLUG.get(row["provider"])
    if network is not None and network.simulated:
        return "simulated"
    if row["provider_kind"] == "cloud" or row["price_type"] in PUBLISHED_TYPES or row["source"] == "snapshot":
        return "published"
    return "observed"


def _nodes(free: int, node_gpus: int | None) -> list[int]:
    size = node_gpus or NODE_GPUS
    return [size] * (free // size) + ([free % size] if free % size else [])


def load_offers(db: Database) -> tuple[pl.DataFrame, dict[str, OfferFacts]]:
    """The offers frame for the matching core, and each offer's facts by offer_id."""
    offers: dict[str, dict[str, Any]] = {}
    facts: dict[str, OfferFacts] = {}
    for row in db.frame("quote_offers").iter_rows(named=True):
        parts = (row["provider"], row["instance_type"] or row["gpu_model"], row["region"], row["zone"], row["interface"], row["vram_gb"])
        offer_id = ":".join(str(p) for p in parts if p not in (None, ""))
        if offer_id in offers:
            continue
        node_gpus = int(row["gpu_count"]) if row["gpu_count"] else None
        free = int(row["available_gpus"]) if row["available_gpus"] is not None else None
        network = row["provider_kind"] == "network"
        offers[offer_id] = {
            "offer_id": offer_id,
            "provider": row["provider"],
            "provider_kind": row["provider_kind"],
            "source": row["source"],
            "observed_at": row["observed_at"],
            "gpu_model": row["gpu_model"],
            "vram_gb": row["vram_gb"],
            "interface": row["interface"],
            "region": canonical_region(row["region"]) or (row["region"] or ""),
            "usd_per_gpu_hour": row["usd_per_gpu_hour"],
            # a network offer without published capacity ranks as indicative: no node list, no instance size to buy whole
            "node_free": _nodes(free, node_gpus) if network and free is not None else None,
            "gpus_per_node": node_gpus,
        }
        facts[offer_id] = OfferFacts(
            offer_id=offer_id, provider=row["provider"], provider_kind=row["provider_kind"], gpu_model=row["gpu_model"],
            instance_type=row["instance_type"], region_raw=row["region"] or "", price_type=row["price_type"], kind=_kind(row),
            source=row["source"], source_url=row["source_url"], observed_at=row["observed_at"], available_gpus=free, node_gpus=node_gpus,
            provider_name=row["provider_name"] or row["provider"], interface=row["interface"],
        )
    return offers_frame(list(offers.values())), facts
