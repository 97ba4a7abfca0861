"""Tenants of the local network: diurnal, weekly and bursty demand for inference, rendering and training, as orders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from computescope.core.matching.types import Order
from computescope.localnet.sim.fleet import MODELS, REGION_NAMES, UTC_OFFSET

DEMAND_STREAM = 2
NOISE_STREAM = 3
BURST_STREAM = 4
RFQ_STREAM = 5
MAX_LEASE_HOURS = 168


@dataclass(frozen=True)
class Workload:
    name: str
    node_class: str
    weight: float
    gpus: tuple[int, ...]
    gpu_weights: tuple[float, ...]
    mean_hours: float
    min_hours: int
    willingness: float               # tenants' typical top price, as a multiple of the model's reference price
    diurnal: float                   # amplitude of the daily cycle


WORKLOADS: tuple[Workload, ...] = (
    Workload("inference", "consumer", 0.55, (1, 2), (0.7, 0.3), 5.0, 1, 1.08, 0.45),
    Workload("rendering", "consumer", 0.45, (1, 2, 4), (0.45, 0.35, 0.2), 3.0, 1, 0.97, 0.35),
    Workload("inference", "datacenter", 0.45, (1, 2, 4, 8), (0.35, 0.3, 0.2, 0.15), 8.0, 1, 1.1, 0.4),
    Workload("training", "datacenter", 0.55, (8, 16, 32), (0.55, 0.3, 0.15), 60.0, 12, 1.0, 0.12),
)
WORKLOAD_NAMES = ("inference", "rendering", "training")


@dataclass(frozen=True)
class DemandParams:
    pressure: dict[str, float] | None = None   # GPU-hours asked for, as a share of capacity, per node class
    growth_per_year: float = 0.35
    burst_rate_per_day: float = 0.08           # rendering deadlines per region and day
    rfq_per_hour: float = 0.25                 # tenants who ask the quote desk for a reserved block instead

    def pressure_of(self, node_class: str) -> float:
        return (self.pressure or {"consumer": 0.62, "datacenter": 0.78})[node_class]


MARKETS: tuple[tuple[str, str], ...] = tuple((m.name, r) for m in MODELS for r in REGION_NAMES)
_MODEL_OF = np.array([MODELS.index(next(m for m in MODELS if m.name == name)) for name, _ in MARKETS])
_CLASS_OF = np.array([MODELS[i].node_class for i in _MODEL_OF])
_REF_OF = np.array([MODELS[i].ref_usd for i in _MODEL_OF])
_OFFSET_OF = np.array([UTC_OFFSET[r] for _, r in MARKETS])
_REGION_OF = np.array([REGION_NAMES.index(r) for _, r in MARKETS])


def _mean_gpu_hours(node_class: str) -> float:
    ws = [w for w in WORKLOADS if w.node_class == node_class]
    total = sum(w.weight for w in ws)
    return sum(w.weight / total * float(np.dot(w.gpus, w.gpu_weights) / sum(w.gpu_weights)) * w.mean_hours for w in ws)


def market_capacity(fleet: pl.DataFrame, hours: np.ndarray) -> np.ndarray:
    """GPUs registered per (hour, market): nodes count from the hour they join."""
    out = np.zeros((len(hours), len(MARKETS)))
    key = fleet.select("gpu_model", "region", "joined_hour", "gpu_count")
    index = {m: i for i, m in enumerate(MARKETS)}
    for (model, region), part in key.group_by(["gpu_model", "region"]):
        j = index[(str(model), str(region))]
        order = np.argsort(part["joined_hour"].to_numpy(), kind="stable")
        joined = part["joined_hour"].to_numpy()[order]
        cum = np.concatenate(([0.0], np.cumsum(part["gpu_count"].to_numpy()[order])))
        out[:, j] = cum[np.searchsorted(joined, hours, side="right")]
    return out


def shape(hours: np.ndarray, start_hour: int, seed: int, params: DemandParams) -> np.ndarray:
    """Relative demand per (hour, market): daily cycle in local time, quieter weekends, growth, noise, bursts."""
    local = hours[:, None] + _OFFSET_OF[None, :]
    local_hour = np.mod(local, 24)
    weekday = np.mod(np.floor(local / 24) + 3, 7)  # epoch day 0 was a Thursday; 5, 6 = Saturday, Sunday
    amp = np.where(_CLASS_OF == "consumer", 0.45, 0.15)[None, :]
    daily = 1.0 + amp * np.cos(2 * np.pi * (local_hour - 15.0) / 24.0)
    weekly = np.where(weekday >= 5, np.where(_CLASS_OF == "consumer", 0.8, 0.7)[None, :], 1.0)
    growth = 1.0 + params.growth_per_year * (hours[:, None] - start_hour) / 8760.0
    days = np.floor(hours / 24).astype(np.int64)
    noise = np.ones((len(hours), len(MARKETS)))
    burst = np.ones((len(hours), len(MARKETS)))
    for day in np.unique(days):
        rows = days == day
        noise[rows] = np.random.default_rng([seed, NOISE_STREAM, int(day)]).lognormal(0.0, 0.12, len(MARKETS))
        # A deadline raises rendering demand in one region for 6–30 hours, from this day on.
        for back in range(2):
            rng = np.random.default_rng([seed, BURST_STREAM, int(day) - back])
            n = rng.poisson(params.burst_rate_per_day * len(REGION_NAMES))
            for region, at, length, gain in zip(rng.integers(0, len(REGION_NAMES), n), rng.uniform(0, 24, n),
                                                 rng.uniform(6, 30, n), rng.uniform(1.6, 2.6, n), strict=True):
                t0 = (int(day) - back) * 24 + at
                on = (hours >= t0) & (hours < t0 + length)
                cols = (_REGION_OF == region) & (_CLASS_OF == "consumer")
                burst[np.ix_(on, cols)] *= gain
    return daily * weekly * growth * noise * burst


@dataclass(frozen=True)
class Orders:
    """One hour's orders as arrays: each wants `gpus` GPUs of its market for `hours` hours at no more than `max_price`."""

    order_id: np.ndarray
    minute: np.ndarray
    market: np.ndarray
    workload: np.ndarray
    gpus: np.ndarray
    hours: np.ndarray
    max_price: np.ndarray
    tenant_id: np.ndarray

    def frame(self) -> pl.DataFrame:
        models = np.asarray([m for m, _ in MARKETS], dtype=object)
        regions = np.asarray([r for _, r in MARKETS], dtype=object)
        return pl.DataFrame({**{k: getattr(self, k) for k in self.__dataclass_fields__}, "gpu_model": models[self.market],
                             "region": regions[self.market]}, schema_overrides={"workload": pl.Utf8, "gpu_model": pl.Utf8, "region": pl.Utf8},
                            strict=False)


def orders_for_hour(hour: int, seed: int, rate: np.ndarray, params: DemandParams) -> Orders:
    """Orders placed during one hour: `rate` is the expected number of orders per market this hour."""
    rng = np.random.default_rng([seed, DEMAND_STREAM, hour])
    counts = rng.poisson(np.maximum(rate, 0.0))
    market = np.repeat(np.arange(len(MARKETS)), counts)
    n = len(market)
    workload = np.empty(n, dtype=object)
    gpus = np.empty(n, dtype=np.int64)
    hours = np.empty(n, dtype=np.int64)
    will = np.empty(n)
    for cls in ("consumer", "datacenter"):
        rows = np.flatnonzero(_CLASS_OF[market] == cls)
        ws = [w for w in WORKLOADS if w.node_class == cls]
        pick = rng.choice(len(ws), size=len(rows), p=np.array([w.weight for w in ws]) / sum(w.weight for w in ws))
        for i, w in enumerate(ws):
            sel = rows[pick == i]
            workload[sel] = w.name
            gpus[sel] = rng.choice(w.gpus, size=len(sel), p=np.array(w.gpu_weights) / sum(w.gpu_weights))
            hours[sel] = np.clip(w.min_hours + rng.geometric(1.0 / max(w.mean_hours - w.min_hours + 1, 1.0), len(sel)) - 1,
                                 w.min_hours, MAX_LEASE_HOURS)
            will[sel] = w.willingness
    price = _REF_OF[market] * will * rng.lognormal(0.0, 0.22, n)
    return Orders(hour * 1_000_000 + np.arange(n, dtype=np.int64), rng.integers(0, 60, n), market.astype(np.int32), workload, gpus,
                  hours, np.round(price, 4), rng.integers(0, 400, n).astype(np.int32))


def order_rates(capacity: np.ndarray, relative: np.ndarray, params: DemandParams) -> np.ndarray:
    """Expected orders per (hour, market): pressure × capacity × shape ÷ the GPU-hours one order asks for."""
    per_order = np.array([_mean_gpu_hours(c) for c in _CLASS_OF])
    pressure = np.array([params.pressure_of(c) for c in _CLASS_OF])
    return capacity * pressure * relative / per_order


@dataclass(frozen=True)
class BlockRequest:
    """A tenant reserving whole nodes through the quote desk (RFQ), ranked with reputation weight λ."""

    order_id: int
    tenant_id: int
    gpu_model: str
    gpus_per_replica: int
    replicas: int
    hours: int
    regions: tuple[str, ...]
    max_price: float
    min_uptime: float = 0.9
    reputation_weight: float = 0.5

    def order(self) -> Order:
        return Order(gpu_model=self.gpu_model, gpus_per_replica=self.gpus_per_replica, replicas=self.replicas, hours=float(self.hours),
                     regions=self.regions, max_price=self.max_price, min_uptime=self.min_uptime, reputation_weight=self.reputation_weight, allow_split=True)


def rfq_orders(hour: int, seed: int, params: DemandParams) -> list[BlockRequest]:
    """Tenants reserving a block this hour: a model, whole nodes, one to three regions, a floor on uptime."""
    rng = np.random.default_rng([seed, RFQ_STREAM, hour])
    out = []
    for i in range(rng.poisson(params.rfq_per_hour)):
        model = MODELS[int(rng.choice(len(MODELS), p=[0.15, 0.25, 0.3, 0.3]))]
        per_node = 8 if model.node_class == "datacenter" else 1
        regions = tuple(sorted(set(rng.choice(REGION_NAMES, size=int(rng.integers(1, 4))).tolist())))
        out.append(BlockRequest(-(hour * 1_000 + i + 1), int(rng.integers(400, 440)), model.name, per_node, int(rng.choice([1, 2])),
                                int(rng.choice([24, 48, 72, 96])), regions, round(model.ref_usd * float(rng.uniform(1.0, 1.35)), 4)))
    return out
