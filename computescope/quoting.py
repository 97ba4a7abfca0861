"""Quotes across every network and cloud: offers from the database, the matching core, savings against the clouds.

One path serves the CLI, the API and the Quote page, so the same order gets the same answer everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from computescope.core.catalog.gpus import closest_models, normalize_gpu
from computescope.core.catalog.regions import canonical_region, expand_regions
from computescope.core.matching.offers import offers_frame
from computescope.core.matching.quote import baseline, quote
from computescope.core.matching.types import Order
from computescope.db import Database

NODE_GPUS = 8        # GPUs per node assumed when a network publishes availability but not its split across nodes
MAX_GPUS = 4096
MAX_HOURS = 8760.0


class QuoteInputError(ValueError):
    """A quote parameter is missing or out of range; the message says which and what is allowed."""


@dataclass(frozen=True)
class QuoteRequest:
    gpu: str
    count: int
    hours: float
    per_node: int
    vram: float | None = None
    regions: tuple[str, ...] = ()
    max_price: float | None = None
    min_uptime: float | None = None
    split: bool = False
    lam: float = 0.0

    def query(self) -> dict[str, str]:
        """The request as URL parameters (the inverse of parse_request)."""
        out = {"gpu": self.gpu, "count": str(self.count), "hours": f"{self.hours:g}", "per_node": str(self.per_node)}
        optional = {"vram": self.vram, "max_price": self.max_price, "min_uptime": self.min_uptime}
        out.update({k: f"{v:g}" for k, v in optional.items() if v is not None})
        if self.regions:
            out["region"] = ",".join(self.regions)
        if self.split:
            out["split"] = "true"
        if self.lam:
            out["lambda"] = f"{self.lam:g}"
        return out


def _number(params: Mapping[str, Any], name: str, *, lo: float, hi: float, integer: bool = False, required: bool = False) -> Any:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise QuoteInputError(f"{name} is required")
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise QuoteInputError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number) or not lo <= number <= hi or (integer and not number.is_integer()):
        kind = "a whole number" if integer else "a number"
        raise QuoteInputError(f"{name} must be {kind} from {lo:g} to {hi:g}, not {value!r}")
    return int(number) if integer else number


def _flag(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name, False)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise QuoteInputError(f"{name} must be true or false, not {value!r}")


def parse_request(params: Mapping[str, Any]) -> QuoteRequest:
    """Validate quote parameters from a CLI, a query string or a form."""
    raw_gpu = str(params.get("gpu") or "").strip()
    if not raw_gpu:
        raise QuoteInputError("gpu is required, e.g. gpu=H100")
    spec = normalize_gpu(raw_gpu)
    if not spec.known or spec.model == "*":
        hint = ", ".join(closest_models(raw_gpu)) or "H100, A100, L40S, RTX 4090"
        raise QuoteInputError(f"unknown GPU model {raw_gpu!r}; closest known: {hint}")
    count = _number(params, "count", lo=1, hi=MAX_GPUS, integer=True, required=True)
    hours = _number(params, "hours", lo=0.01, hi=MAX_HOURS, required=True)
    per_node = _number(params, "per_node", lo=1, hi=64, integer=True) or min(count, NODE_GPUS if _flag(params, "split") else count)
    if count % per_node:
        raise QuoteInputError(f"count ({count}) must be a multiple of per_node ({per_node}): replicas of per_node GPUs each sit on one node")
    regions_text = params.get("region") or params.get("regions") or ""
    regions = tuple(r.strip().lower() for r in (regions_text.split(",") if isinstance(regions_text, str) else regions_text) if r.strip())
    try:
        expand_regions(regions)
    except ValueError as exc:
        raise QuoteInputError(str(exc)) from None
    vram = _number(params, "vram", lo=1, hi=1024)
    if vram is None:
        vram = spec.vram_gb  # a name that implies one memory size (e.g. L40S) asks for it
    return QuoteRequest(
        gpu=spec.model,
        count=count,
        hours=hours,
        per_node=per_node,
        vram=vram,
        regions=regions,
        max_price=_number(params, "max_price", lo=0.01, hi=1000),
        min_uptime=_number(params, "min_uptime", lo=0, hi=1),
        split=_flag(params, "split"),
        lam=_number(params, "lambda", lo=0, hi=10) or 0.0,
    )


def to_order(request: QuoteRequest) -> Order:
    return Order(
        gpu_model=request.gpu,
        gpus_per_replica=request.per_node,
        replicas=request.count // request.per_node,
        hours=request.hours,
        vram_gb=request.vram,
        regions=expand_regions(request.regions) if request.regions else None,
        max_price=request.max_price,
        min_uptime=request.min_uptime,
        allow_split=request.split,
        lam=request.lam,
    )


def load_offers(db: Database) -> tuple[pl.DataFrame, int]:
    """Offers for the matching core, and how many network price points had no published availability."""
    rows = db.frame("quote_offers")
    unpublished = rows.filter((pl.col("provider_kind") == "network") & pl.col("available_gpus").is_null()).height
    rows = rows.filter((pl.col("provider_kind") == "cloud") | pl.col("available_gpus").is_not_null())
    offers: dict[str, dict[str, Any]] = {}
    for row in rows.iter_rows(named=True):
        nodes = None
        if row["provider_kind"] == "network":
            free = int(row["available_gpus"])
            nodes = [NODE_GPUS] * (free // NODE_GPUS) + ([free % NODE_GPUS] if free % NODE_GPUS else [])
        offer_id = ":".join(str(p) for p in (row["provider"], row["instance_type"] or row["gpu_model"], row["region"], row["zone"], row["vram_gb"]) if p not in (None, ""))
        offers.setdefault(
            offer_id,
            {
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
                "node_free": nodes,
                "gpus_per_node": int(row["gpu_count"]) if row["gpu_count"] else None,
                "instance_type": row["instance_type"],
                "source_url": row["source_url"],
            },
        )
    return offers_frame(list(offers.values())), unpublished


def run_quote(db: Database, request: QuoteRequest, limit: int = 20) -> dict[str, Any]:
    """The ranked options, the chosen fill, rejections by reason, and savings against the clouds."""
    offers, unpublished = load_offers(db)
    order = to_order(request)
    result = quote(order, offers, limit=limit).to_dict()
    base = baseline(order, offers)
    hyper = (base.get("hyperscaler") or {}).get("total_usd")
    cloud = (base.get("cloud") or {}).get("total_usd")
    for option in result["options"]:
        option["saving_vs_hyperscaler_usd"] = hyper - option["total_usd"] if hyper else None
        option["saving_vs_cloud_usd"] = cloud - option["total_usd"] if cloud else None
    rejected = {k: v for k, v in result["rejected"].items() if v}
    if unpublished:
        rejected["capacity_unpublished"] = unpublished
    return {
        "request": asdict(request),
        "status": result["status"],
        "allocation": result.get("allocation"),
        "options": result["options"],
        "rejected": rejected,
        "baseline": base,
        "offers_considered": offers.height,
    }
