"""The local network: a fleet, its tenants and its market, run hour by hour through the matching, verification and token cores."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from computescope.core.verification.liveness import DAY_S, availability_many_outages
from computescope.core.verification.reputation import ConsequenceParams
from computescope.localnet.sim.demand import (
    MARKETS,
    DemandParams,
    market_capacity,
    order_rates,
    orders_for_hour,
    rfq_orders,
    shape,
)
from computescope.localnet.sim.fleet import FleetParams, make_fleet, operators
from computescope.localnet.sim.health import (
    HealthParams,
    challenges_between,
    down_mask,
    merged_outages,
    outages_for_day,
)
from computescope.localnet.sim.market import MARKET_COLUMNS, FleetArrays, MarketState, clear_hour, quote_desk
from computescope.localnet.sim.standing import Standing
from computescope.localnet.sim.tokens import Epoch, TokenLedger, TokenParams

__all__ = ["Chunk", "LocalNet", "LocalNetConfig", "operators"]


@dataclass(frozen=True)
class LocalNetConfig:
    """Everything that shapes a run; the same config and seed give the same network, hour for hour."""

    seed: int = 1
    nodes: int = 200
    start_hour: int = 0               # epoch hours: the first simulated hour
    hours: int = 24 * 30
    fleet: FleetParams = field(default_factory=FleetParams)
    demand: DemandParams = field(default_factory=DemandParams)
    health: HealthParams = field(default_factory=HealthParams)
    tokens: TokenParams = field(default_factory=TokenParams)
    consequences: ConsequenceParams = field(default_factory=ConsequenceParams)

    @property
    def end_hour(self) -> int:
        return self.start_hour + self.hours


@dataclass
class Chunk:
    """What hours [h0, h0 + hours) produced: hourly node arrays (hours × nodes) and the frames of everything else."""

    h0: int
    hours: int
    joined: np.ndarray
    up: np.ndarray
    leased: np.ndarray
    earnings: np.ndarray
    utilization: np.ndarray
    minted: np.ndarray                # LOCAL minted to each node over the chunk's settled epochs
    leases: pl.DataFrame
    markets: pl.DataFrame
    challenges: pl.DataFrame
    events: pl.DataFrame
    outages: pl.DataFrame             # outages that start inside the chunk
    epochs: list[Epoch]

    def node_hours(self) -> pl.DataFrame:
        """One row per registered node and hour: utilization 0..1, GPUs leased and served, USD earned, up."""
        n = self.joined.shape[1]
        keep = self.joined.ravel()
        hour = np.repeat((self.h0 + np.arange(self.hours)).astype(np.int64) * 3_600_000_000, n)
        return pl.DataFrame({
            "node_key": np.tile(np.arange(n, dtype=np.int32), self.hours)[keep],
            "hour": pl.Series(hour[keep]).cast(pl.Datetime("us")),
            "utilization": self.utilization.ravel()[keep].astype(np.float32),
            "leased_gpus": self.leased.ravel()[keep].astype(np.int16),
            "earnings_usd": self.earnings.ravel()[keep].astype(np.float32),
            "up": self.up.ravel()[keep],
        })


class LocalNet:
    """The running network. `run(h0, hours)` advances it; state (leases, stakes, token supply) carries across calls."""

    def __init__(self, config: LocalNetConfig) -> None:
        self.config = config
        self.fleet = make_fleet(config.seed, config.nodes, config.start_hour, config.hours, config.fleet)
        self.arrays = FleetArrays.of(self.fleet)
        self.market = MarketState.empty(config.nodes)
        self.standing = Standing.open(self.fleet)
        self.standing.params = config.consequences
        self.ledger = TokenLedger(config.tokens, config.seed, config.nodes)
        self.clock = config.start_hour
        self._outages: dict[int, pl.DataFrame] = {}
        self._pending = np.zeros(config.nodes)       # USD each node served since the last settled epoch
        self._epoch_start = config.start_hour
        self._registered: int | None = None           # registrations before this hour have been judged

    def continue_at(self, hour: int) -> None:
        """Pick the network up at `hour` (a restart): registrations before it are judged, the next epoch starts there."""
        self.clock = self._epoch_start = self._registered = hour

    def _day_outages(self, day: int) -> pl.DataFrame:
        if day not in self._outages:
            self._outages[day] = outages_for_day(self.fleet, self.config.seed, day)
        return self._outages[day]

    def outages(self, h0: int, h1: int) -> pl.DataFrame:
        """Outages overlapping hours [h0, h1)."""
        frames = [self._day_outages(d) for d in range((h0 - 72) // 24, (h1 - 1) // 24 + 1)]
        return pl.concat(frames).filter((pl.col("start_hour") < h1) & (pl.col("start_hour") + pl.col("hours") > h0))

    def _outcomes(self, h0: int, h1: int, challenges: pl.DataFrame) -> pl.DataFrame:
        """Pass and fail from challenges, downtime when a node comes back, a failed proof for a rejected hardware claim."""
        merged = merged_outages(self.outages(h0 - 72, h1)).filter((pl.col("end_hour") >= h0) & (pl.col("end_hour") < h1))
        since = self._registered if self._registered is not None else np.iinfo(np.int64).min
        liars = self.fleet.filter(pl.col("liar") & (pl.col("joined_hour") < h1) & (pl.col("joined_hour") >= since))
        self._registered = h1
        schema = {"node_key": pl.Int32, "at": pl.Float64, "kind": pl.Utf8, "reason": pl.Utf8}
        return pl.concat([
            challenges.select("node_key", "at", pl.col("verdict").alias("kind"), pl.lit("challenge").alias("reason")).cast(schema),
            merged.select("node_key", (pl.col("end_hour") * 3600.0).alias("at"), pl.lit("downtime").alias("kind"),
                          pl.lit(None, pl.Utf8).alias("reason")).cast(schema),
            liars.select("node_key", (pl.col("joined_hour") * 3600.0).alias("at"), pl.lit("fail").alias("kind"),
                         pl.lit("attestation:gpu").alias("reason")).cast(schema),
        ])

    def run(self, h0: int, hours: int, *, epoch: str = "day") -> Chunk:
        """Advance hours [h0, h0 + hours); epochs settle at each day's end ("day") or once at the chunk's end ("chunk")."""
        if h0 != self.clock:
            raise ValueError(f"the network is at hour {self.clock}; it cannot run from hour {h0}")
        cfg, n = self.config, self.config.nodes
        h1 = h0 + hours
        for day in [d for d in self._outages if d < h0 // 24 - 40]:
            del self._outages[day]
        hour_index = np.arange(h0, h1, dtype=np.int64)
        down = down_mask(self.outages(h0, h1), n, h0, hours)
        challenges = challenges_between(self.fleet, cfg.seed, h0, h1, down, cfg.health)
        suspended_before = self.standing.suspended_until.copy()
        events = self.standing.apply(self._outcomes(h0, h1, challenges))
        spans = events.filter(pl.col("kind") == "suspend").select("node_key", "at", "value")
        rates = order_rates(market_capacity(self.fleet, hour_index), shape(hour_index, cfg.start_hour, cfg.seed, cfg.demand), cfg.demand)
        joined = self.arrays.joined[None, :] <= hour_index[:, None]
        leased = np.zeros((hours, n), np.int16)
        earnings = np.zeros((hours, n), np.float32)
        minted = np.zeros(n)
        markets: list[dict[str, np.ndarray]] = []
        epochs: list[Epoch] = []
        self.market.leases = []
        for i, hour in enumerate(hour_index):
            self.market.release(int(hour))
            at = float(hour) * 3600
            suspended = np.nan_to_num(suspended_before, nan=-np.inf) > at
            for key, start, until in spans.iter_rows():
                if start <= at < until:
                    if not suspended[key] and self.market.held[key]:
                        self.market.cancel(np.array([key]))
                    suspended[key] = True
            active = joined[i] & ~down[i] & ~suspended & self.arrays.eligible
            quote_desk(self.market, self.arrays, int(hour), rfq_orders(int(hour), cfg.seed, cfg.demand), active,
                       self.standing.reputation, self.standing.uptime_30d)
            orders = orders_for_hour(int(hour), cfg.seed, rates[i], cfg.demand)
            markets.append(clear_hour(self.market, self.arrays, int(hour), orders, active))
            serving = joined[i] & ~down[i]
            leased[i] = np.where(serving, self.market.held, 0)
            earnings[i] = np.where(serving, self.market.rate, 0.0)
            self._pending += earnings[i]
            if (epoch == "day" and (hour + 1) % 24 == 0) or (epoch == "chunk" and hour == h1 - 1):
                epochs.append(self._settle(int(hour) + 1, minted, float(leased[i].sum())))
        self.clock = h1
        self.standing.set_uptime(self.uptimes(h1 * 3600.0, 30 * DAY_S))
        cap = np.where(joined, self.arrays.cap[None, :], 1)
        return Chunk(h0, hours, joined, joined & ~down, leased, earnings, (leased / cap).astype(np.float32), minted,
                     self.market.take_leases(), market_frame(h0, markets), challenges, events,
                     self.outages(h0, h1).filter(pl.col("start_hour") >= h0), epochs)

    def _settle(self, end_hour: int, minted: np.ndarray, gpus: float) -> Epoch:
        """Settle the epoch ending at `end_hour`: tenants' payments through the token model, the mint shared by work done."""
        served = self._pending
        epoch = self.ledger.settle(self._epoch_start * 3600.0, end_hour * 3600.0, float(served.sum()), gpus)
        if served.sum() > 0:
            minted += epoch.minted * served / served.sum()
        self._pending = np.zeros(self.config.nodes)
        self._epoch_start = end_hour
        return epoch

    def uptimes(self, now_s: float, window_s: int) -> np.ndarray:
        """Availability of every node over the window ending at now_s (60 s slots, 2-slot grace), through core.liveness."""
        h1 = int(now_s // 3600) + 1
        merged = merged_outages(self.outages(h1 - window_s // 3600 - 1, h1)).sort("node_key", "start_hour")
        counts = np.bincount(merged["node_key"].to_numpy(), minlength=self.config.nodes)
        offsets = np.concatenate(([0], np.cumsum(counts)))
        batch = availability_many_outages(self.arrays.node_id, merged["start_hour"].to_numpy() * 3600.0,
                                          merged["end_hour"].to_numpy() * 3600.0, offsets, self.arrays.joined * 3600.0, now_s, window_s)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(batch.expected_slots > 0, 1.0 - batch.down_slots / np.maximum(batch.expected_slots, 1), np.nan)


def market_frame(h0: int, hours: list[dict[str, np.ndarray]]) -> pl.DataFrame:
    """One row per hour and market (model × region): clearing price and interval, volume, bids, asks, demand, supply."""
    m = len(MARKETS)
    columns: dict[str, object] = {
        "hour": np.repeat(np.arange(h0, h0 + len(hours), dtype=np.int64), m),
        "gpu_model": np.tile(np.asarray([x for x, _ in MARKETS], dtype=object), len(hours)),
        "region": np.tile(np.asarray([r for _, r in MARKETS], dtype=object), len(hours)),
    }
    for k in MARKET_COLUMNS:
        columns[k] = np.concatenate([h[k] for h in hours]) if hours else np.zeros(0)
    return pl.DataFrame(columns, schema_overrides={"gpu_model": pl.Utf8, "region": pl.Utf8}, strict=False).with_columns(
        pl.col("price", "price_low", "price_high", "ask_median").fill_nan(None), pl.col("n_bids", "n_asks").cast(pl.Int32))
