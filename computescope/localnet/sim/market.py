"""One hour of the local market: leases expire, reserved blocks are quoted, the GPU-hour pool clears, leases start."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from computescope.core.matching.clearing import clear_by_market
from computescope.core.matching.quote import quote
from computescope.localnet.sim.demand import MARKETS, MAX_LEASE_HOURS, BlockRequest, Orders

RING = MAX_LEASE_HOURS + 1
M = len(MARKETS)
LEASE_SCHEMA = {
    "lease_id": pl.Int64, "order_id": pl.Int64, "tenant_id": pl.Int32, "workload": pl.Utf8, "node_key": pl.Int32, "hour": pl.Int64,
    "gpus": pl.Int16, "hours": pl.Int16, "usd_per_gpu_hour": pl.Float64, "max_usd_per_gpu_hour": pl.Float64, "matched_by": pl.Utf8,
}
MARKET_COLUMNS = ("price", "price_low", "price_high", "volume", "n_bids", "n_asks", "demand_gpus", "supply_gpus", "ask_median")


@dataclass(frozen=True)
class FleetArrays:
    """The fleet as arrays the hourly step indexes by node key."""

    node_id: np.ndarray
    cap: np.ndarray
    ask: np.ndarray
    market: np.ndarray
    model: np.ndarray
    region: np.ndarray
    joined: np.ndarray
    eligible: np.ndarray        # attested hardware: a node whose claim was rejected never sells

    @classmethod
    def of(cls, fleet: pl.DataFrame) -> FleetArrays:
        index = {m: i for i, m in enumerate(MARKETS)}
        market = np.array([index[(m, r)] for m, r in zip(fleet["gpu_model"], fleet["region"], strict=True)], dtype=np.int32)
        return cls(fleet["node_id"].to_numpy(), fleet["gpu_count"].to_numpy().astype(np.int32), fleet["ask_usd"].to_numpy(),
                   market, fleet["gpu_model"].to_numpy(), fleet["region"].to_numpy(), fleet["joined_hour"].to_numpy(),
                   ~fleet["liar"].to_numpy())


@dataclass
class MarketState:
    """GPUs held by running leases per node, and what they pay per hour; a ring of release slots ends them."""

    held: np.ndarray
    rate: np.ndarray
    ring_gpus: np.ndarray
    ring_usd: np.ndarray
    next_lease: int = 0
    leases: list[dict[str, np.ndarray]] = field(default_factory=list)

    @classmethod
    def empty(cls, nodes: int) -> MarketState:
        return cls(np.zeros(nodes, np.int32), np.zeros(nodes), np.zeros((RING, nodes), np.int32), np.zeros((RING, nodes)))

    def release(self, hour: int) -> None:
        slot = hour % RING
        self.held -= self.ring_gpus[slot]
        self.rate -= self.ring_usd[slot]
        self.ring_gpus[slot] = 0
        self.ring_usd[slot] = 0.0
        self.rate[self.held == 0] = 0.0  # drop float residue once a node is empty

    def cancel(self, nodes: np.ndarray) -> None:
        """End every lease on these nodes now (their tenants move elsewhere)."""
        self.held[nodes] = 0
        self.rate[nodes] = 0.0
        self.ring_gpus[:, nodes] = 0
        self.ring_usd[:, nodes] = 0.0

    def record(self, hour: int, how: str, order_id: np.ndarray, node: np.ndarray, gpus: np.ndarray, hours: np.ndarray,
               price: np.ndarray, limit: np.ndarray, tenant: np.ndarray, workload: np.ndarray) -> None:
        """Start leases: the node holds `gpus` until hour + hours and earns `price` per GPU-hour meanwhile."""
        hours = np.minimum(hours, RING - 1)
        slot = (hour + hours) % RING
        np.add.at(self.held, node, gpus)
        np.add.at(self.rate, node, gpus * price)
        np.add.at(self.ring_gpus, (slot, node), gpus)
        np.add.at(self.ring_usd, (slot, node), gpus * price)
        n = len(node)
        self.leases.append({
            "lease_id": np.arange(self.next_lease, self.next_lease + n, dtype=np.int64), "order_id": order_id, "tenant_id": tenant,
            "workload": workload, "node_key": node, "hour": np.full(n, hour, np.int64), "gpus": gpus, "hours": hours,
            "usd_per_gpu_hour": price, "max_usd_per_gpu_hour": limit, "matched_by": np.full(n, how, dtype=object),
        })
        self.next_lease += n

    def take_leases(self) -> pl.DataFrame:
        if not self.leases:
            return pl.DataFrame(schema=LEASE_SCHEMA)
        columns = {k: np.concatenate([part[k] for part in self.leases]) for k in LEASE_SCHEMA}
        self.leases = []
        return pl.DataFrame(columns, schema_overrides={"workload": pl.Utf8, "matched_by": pl.Utf8}, strict=False).cast(LEASE_SCHEMA)


def _fills(market: np.ndarray, qty: np.ndarray, volume: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by market then priority: units ahead of each row inside its market, and what it fills."""
    before = np.cumsum(qty) - qty
    before = before - before[np.searchsorted(market, market, side="left")]
    return before, np.clip(volume[market] - before, 0, qty)


def _side(order: np.ndarray, market: np.ndarray, qty: np.ndarray, volume: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Filled rows of one side in priority order, and where each starts on the line of all traded units."""
    m = market[order]
    before, fill = _fills(m, qty[order].astype(np.float64), volume)
    keep = fill > 0
    return order[keep], offset[m[keep]] + before[keep]


def allocate(bid_market: np.ndarray, bid_price: np.ndarray, bid_qty: np.ndarray, bid_time: np.ndarray,
             ask_market: np.ndarray, ask_price: np.ndarray, ask_qty: np.ndarray, volume: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pair filled bid units with filled ask units market by market, in the clearing's priority on both sides.

    Bids are served by price then arrival, asks by price; each market trades `volume` units. Returns, per pair,
    the bid row, the ask row and the GPUs between them.
    """
    offset = np.concatenate(([0.0], np.cumsum(volume)))
    bid_row, bid_lo = _side(np.lexsort((bid_time, -bid_price, bid_market)), bid_market, bid_qty, volume, offset)
    ask_row, ask_lo = _side(np.lexsort((np.arange(len(ask_price)), ask_price, ask_market)), ask_market, ask_qty, volume, offset)
    if not len(bid_lo):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    # Both sides tile [0, total volume) in the same market order: cut it at every row boundary of either side.
    points = np.union1d(bid_lo, ask_lo)
    gpus = np.rint(np.append(points[1:], offset[-1]) - points).astype(np.int64)
    b = bid_row[np.searchsorted(bid_lo, points, side="right") - 1]
    a = ask_row[np.searchsorted(ask_lo, points, side="right") - 1]
    keep = gpus > 0
    return b[keep], a[keep], gpus[keep]


def _medians(market: np.ndarray, value: np.ndarray) -> np.ndarray:
    out = np.full(M, np.nan)
    if not len(value):
        return out
    order = np.lexsort((value, market))
    market, value = market[order], value[order]
    counts = np.bincount(market, minlength=M)
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    lo = start[has] + (counts[has] - 1) // 2
    hi = start[has] + counts[has] // 2
    out[has] = (value[lo] + value[hi]) / 2
    return out


def clear_hour(state: MarketState, fleet: FleetArrays, hour: int, orders: Orders, active: np.ndarray) -> dict[str, np.ndarray]:
    """The batch market of one hour: every order and every free GPU of an active node, cleared per model × region."""
    free = np.where(active, fleet.cap - state.held, 0)
    sellers = np.flatnonzero(free > 0)
    ask_market, ask_price, ask_qty = fleet.market[sellers], fleet.ask[sellers], free[sellers].astype(np.float64)
    # Only bids above a market's cheapest ask and asks below its best bid can trade; the rest cannot move the price.
    best_bid = np.full(M, -np.inf)
    np.maximum.at(best_bid, orders.market, orders.max_price)
    low_ask = np.full(M, np.inf)
    np.minimum.at(low_ask, ask_market, ask_price)
    bid_in = orders.max_price >= low_ask[orders.market]
    ask_in = ask_price <= best_bid[ask_market]
    out = {k: np.full(M, np.nan) for k in ("price", "price_low", "price_high")}
    volume = np.zeros(M)
    if bid_in.any() and ask_in.any():
        index = clear_by_market(
            pl.DataFrame({"id": orders.order_id[bid_in], "price": orders.max_price[bid_in], "qty": orders.gpus[bid_in].astype(np.float64),
                          "market": orders.market[bid_in]}),
            pl.DataFrame({"id": sellers[ask_in], "price": ask_price[ask_in], "qty": ask_qty[ask_in], "market": ask_market[ask_in]}),
            keys=("market",),
        )
        at = index["market"].to_numpy()
        volume[at] = index["volume"].to_numpy()
        for k in out:
            out[k][at] = index[k].fill_null(np.nan).to_numpy()
        bid_rows, ask_rows, gpus = allocate(orders.market[bid_in], orders.max_price[bid_in], orders.gpus[bid_in], orders.minute[bid_in],
                                            ask_market[ask_in], ask_price[ask_in], ask_qty[ask_in], volume)
        if len(gpus):
            b = np.flatnonzero(bid_in)[bid_rows]
            state.record(hour, "clearing", orders.order_id[b], sellers[ask_in][ask_rows].astype(np.int32), gpus.astype(np.int32),
                         orders.hours[b], out["price"][orders.market[b]], orders.max_price[b], orders.tenant_id[b], orders.workload[b])
    listed = np.flatnonzero(active)
    return {**out, "volume": volume, "n_bids": np.bincount(orders.market, minlength=M), "n_asks": np.bincount(ask_market, minlength=M),
            "demand_gpus": np.bincount(orders.market, weights=orders.gpus, minlength=M),
            "supply_gpus": np.bincount(ask_market, weights=ask_qty, minlength=M),
            "ask_median": _medians(fleet.market[listed], fleet.ask[listed])}


def quote_desk(state: MarketState, fleet: FleetArrays, hour: int, requests: list[BlockRequest], active: np.ndarray,
               reputation: np.ndarray, uptime: np.ndarray) -> int:
    """Reserved blocks through the RFQ core: an offers frame of this hour's free nodes, pay-as-bid fills; returns fills."""
    filled = 0
    for r in requests:
        order = r.order()
        # The quote would reject the others anyway (model, region, price, uptime); leaving them out keeps the frame small.
        free = np.where(active & (fleet.model == order.gpu_model) & np.isin(fleet.region, order.regions) & (fleet.ask <= r.max_price)
                        & (uptime >= r.min_uptime), fleet.cap - state.held, 0)
        nodes = np.flatnonzero(free > 0)
        if not len(nodes):
            continue
        offers = pl.DataFrame({
            "offer_id": fleet.node_id[nodes], "provider": "localnet", "provider_kind": "network", "gpu_model": fleet.model[nodes],
            "region": fleet.region[nodes], "usd_per_gpu_hour": fleet.ask[nodes],
            "node_free": pl.Series(free[nodes].astype(np.int64).reshape(-1, 1)).cast(pl.List(pl.Int64)),
            "reputation": np.clip(reputation[nodes], 0, 1), "uptime": np.clip(uptime[nodes], 0, 1), "offer_time": nodes.astype(np.float64),
        }, strict=False)
        allocation = quote(order, offers, limit=1).allocation
        if allocation is None:
            continue
        key_of = dict(zip(fleet.node_id[nodes].tolist(), nodes.tolist(), strict=True))
        legs = allocation.fills
        n = len(legs)
        state.record(hour, "quote", np.full(n, r.order_id, np.int64), np.array([key_of[f.offer_id] for f in legs], np.int32),
                     np.array([f.gpus for f in legs], np.int32), np.full(n, r.hours, np.int64),
                     np.array([f.usd_per_gpu_hour for f in legs]), np.full(n, r.max_price), np.full(n, r.tenant_id, np.int32),
                     np.full(n, "reserved", dtype=object))
        filled += n
    return filled
