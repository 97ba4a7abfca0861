"""Why an offer cannot serve an order, in words a buyer reads ("only 4 × H100 per node published; 8 per node asked")."""

from __future__ import annotations

from typing import Any

from computescope.core.matching.types import Order
from computescope.quoting.offers import OfferFacts


def _capacity(row: dict[str, Any], facts: OfferFacts, order: Order) -> str:
    g, model = order.gpus_per_replica, row["gpu_model"]
    free = row["node_free"]
    if free is None:
        node = int(row["gpus_per_node"] or 0)
        if facts.provider_kind == "cloud":
            return f"{node} × {model} per instance; {g} per node asked"
        return f"only {node} × {model} per node published; {g} per node asked"
    total, largest = sum(free), max(free, default=0)
    if largest < g:
        return f"only {total:,} × {model} free, at most {largest} on one node; {g} per node asked"
    return f"only {total:,} × {model} free, room for {int(row['packable_replicas'])} × {g}; {order.requested_gpus:,} asked"


def reason_text(reason: str, row: dict[str, Any], facts: OfferFacts, order: Order) -> str:
    """One sentence for the first filter the offer failed; `row` is the offer's row of the core's screen."""
    if reason == "vram":
        have = f"{row['vram_gb']:g} GB" if row["vram_gb"] is not None else "no memory size published"
        return f"{have}; at least {order.vram_gb:g} GB asked"
    if reason == "interface":
        return f"{row['interface'] or 'no interface published'}; {order.interface} asked"
    if reason == "region":
        where = f"region {row['region']}" + (f" ({facts.region_raw})" if facts.region_raw not in ("", row["region"]) else "")
        return f"{where if row['region'] else 'no region published'}; {', '.join(order.regions or ())} asked"
    if reason == "price":
        return f"${row['unit_usd']:.2f} per GPU-hour, above the ${order.max_price:.2f} cap"
    if reason == "duration":
        return f"leases of {row['min_hours'] or 0:g} to {row['max_hours'] or '∞'} hours; {order.hours:g} asked"
    if reason == "uptime":
        have = f"uptime {row['uptime']:.3f}" if row["uptime"] is not None else "no uptime published"
        return f"{have}; at least {order.min_uptime:.3f} asked"
    if reason == "capacity":
        return _capacity(row, facts, order)
    if reason == "model":
        return f"{row['gpu_model']}, not {order.gpu_model}"
    return reason.replace("_", " ")
