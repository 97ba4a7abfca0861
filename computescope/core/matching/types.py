"""The order a buyer places and the quote the matching core returns for it."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime
from numbers import Integral, Real
from typing import Any

WILDCARD = "*"
INTERFACES = ("pcie", "sxm")


def _is_int(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_real(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))


def _fraction(name: str, value: object, *, open_low: bool = False) -> None:
    if not _is_real(value) or not (0.0 < float(value) <= 1.0 if open_low else 0.0 <= float(value) <= 1.0):
        bounds = "greater than 0 and at most 1" if open_low else "between 0 and 1"
        raise ValueError(f"{name} must be a fraction {bounds}, got {value!r}.")


@dataclass(frozen=True, kw_only=True)
class Order:
    """A request for GPUs: `replicas` replicas of `gpus_per_replica` GPUs, each on one node, for `hours`.

    `gpu_model` is a canonical name or "*" (any model, optionally of one `vendor`, frozen to the first fit).
    `max_price` caps USD per GPU-hour; `reputation_weight` (λ) weighs reputation in the ranking; `buyer_score` is what
    providers with a minimum buyer score check. Replicas stay with one provider unless `allow_split`, and an
    order short of GPUs fails unless `allow_partial` and at least `min_fill` of its GPUs are placed.
    """

    gpu_model: str
    vendor: str | None = None
    gpus_per_replica: int
    replicas: int = 1
    hours: float
    vram_gb: float | None = None
    interface: str | None = None
    regions: tuple[str, ...] | None = None
    max_price: float | None = None
    min_uptime: float | None = None
    min_tier: int | None = None
    buyer_score: float = 1.0
    allow_split: bool = False
    allow_partial: bool = False
    min_fill: float = 1.0
    reputation_weight: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.gpu_model, str) or not self.gpu_model.strip():
            raise ValueError("gpu_model must name a GPU model, or be '*' for any model.")
        if self.vendor is not None:
            if self.gpu_model != WILDCARD:
                raise ValueError(
                    "vendor narrows the wildcard model '*' only; leave it unset for a named model."
                )
            if not isinstance(self.vendor, str) or not self.vendor.strip():
                raise ValueError("vendor must be a non-empty name such as 'nvidia' or 'amd'.")
            object.__setattr__(self, "vendor", self.vendor.strip().lower())
        for name in ("gpus_per_replica", "replicas"):
            value = getattr(self, name)
            if not _is_int(value) or value < 1:
                raise ValueError(f"{name} must be a positive whole number, got {value!r}.")
            object.__setattr__(self, name, int(value))
        if not _is_real(self.hours) or self.hours <= 0:
            raise ValueError(f"hours must be a positive finite number, got {self.hours!r}.")
        object.__setattr__(self, "hours", float(self.hours))
        if self.vram_gb is not None and (not _is_real(self.vram_gb) or self.vram_gb <= 0):
            raise ValueError(f"vram_gb must be a positive number of GB or None, got {self.vram_gb!r}.")
        if self.interface is not None and self.interface not in INTERFACES:
            raise ValueError(f"interface must be 'pcie', 'sxm' or None, got {self.interface!r}.")
        if self.regions is not None:
            if isinstance(self.regions, str):
                raise ValueError("regions must be a tuple of region names, not a single string.")
            regions = tuple(self.regions)
            if not regions or not all(isinstance(r, str) and r for r in regions):
                raise ValueError("regions must list at least one region name, or be None for any region.")
            object.__setattr__(self, "regions", regions)
        if self.max_price is not None and (not _is_real(self.max_price) or self.max_price < 0):
            raise ValueError(
                f"max_price must be a USD/GPU-hour amount of at least 0 or None, got {self.max_price!r}."
            )
        if self.min_uptime is not None:
            _fraction("min_uptime", self.min_uptime)
        if self.min_tier is not None and (not _is_int(self.min_tier) or self.min_tier < 0):
            raise ValueError(f"min_tier must be a whole number of at least 0 or None, got {self.min_tier!r}.")
        for name in ("vram_gb", "max_price", "min_uptime"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, float(getattr(self, name)))
        _fraction("buyer_score", self.buyer_score)
        _fraction("min_fill", self.min_fill, open_low=True)
        if not _is_real(self.reputation_weight) or self.reputation_weight < 0:
            raise ValueError(
                f"reputation_weight (λ) must be a finite number of at least 0, got {self.reputation_weight!r}."
            )

    @property
    def requested_gpus(self) -> int:
        return self.gpus_per_replica * self.replicas

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["regions"] = list(self.regions) if self.regions is not None else None
        return out


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class Option:
    """One offer serving `replicas` replicas of the order; pay-as-bid at its listed price."""

    offer_id: str
    provider: str
    provider_kind: str
    source: str | None
    observed_at: datetime | None
    gpu_model: str
    vram_gb: float | None
    interface: str | None
    region: str
    usd_per_gpu_hour: float
    p_eff: float
    reputation: float
    replicas: int
    gpus: int
    billed_gpus: int
    hourly_usd: float
    total_usd: float

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["observed_at"] = _iso(self.observed_at)
        return out


@dataclass(frozen=True)
class Allocation:
    """The chosen fill: one leg per offer used (several only when the order allows a split)."""

    fills: tuple[Option, ...]
    hours: float

    @property
    def replicas(self) -> int:
        return sum(f.replicas for f in self.fills)

    @property
    def gpus(self) -> int:
        return sum(f.gpus for f in self.fills)

    @property
    def hourly_usd(self) -> float:
        return round(sum(f.hourly_usd for f in self.fills), 6)

    @property
    def total_usd(self) -> float:
        return round(sum(f.total_usd for f in self.fills), 6)

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.provider for f in self.fills))

    def to_dict(self) -> dict[str, Any]:
        return {
            "fills": [f.to_dict() for f in self.fills],
            "providers": list(self.providers),
            "replicas": self.replicas,
            "gpus": self.gpus,
            "hours": float(self.hours),
            "hourly_usd": self.hourly_usd,
            "total_usd": self.total_usd,
        }


@dataclass(frozen=True)
class Quote:
    """Ranked full-fill options, the chosen allocation and why the other offers were rejected."""

    order: Order
    options: list[Option]
    allocation: Allocation | None
    status: str
    requested_gpus: int
    filled_gpus: int
    unfilled_reason: str | None
    rejected: dict[str, int]
    n_offers: int
    n_eligible: int
    frozen_model: str | None = None

    @property
    def best(self) -> Option | None:
        return self.options[0] if self.options else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": self.order.to_dict(),
            "status": self.status,
            "requested_gpus": self.requested_gpus,
            "filled_gpus": self.filled_gpus,
            "unfilled_reason": self.unfilled_reason,
            "frozen_model": self.frozen_model,
            "n_offers": self.n_offers,
            "n_eligible": self.n_eligible,
            "rejected": dict(self.rejected),
            "options": [o.to_dict() for o in self.options],
            "allocation": self.allocation.to_dict() if self.allocation is not None else None,
        }
