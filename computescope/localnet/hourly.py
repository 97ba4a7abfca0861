"""Live bookkeeping between ticks: ticks folded into wall-clock hours for the hourly table, heartbeat runs, standing rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import polars as pl

from computescope.db import Database, write_text
from computescope.localnet import frames, store, verify_rows
from computescope.localnet.sim.market import MARKET_COLUMNS
from computescope.localnet.sim.network import Chunk, LocalNet, market_frame
from computescope.verify.availability import refresh_node_availability

SUMMED = ("volume", "n_bids", "demand_gpus")


@dataclass
class Flushed:
    """One wall-clock hour of ticks, ready for the hourly table."""

    hour: int
    ticks: int
    joined: np.ndarray
    leased: np.ndarray
    earnings: np.ndarray
    up: np.ndarray
    markets: pl.DataFrame


@dataclass
class HourBuffer:
    """Sums over the ticks of the current wall-clock hour; the hour is written when the first tick of the next arrives."""

    hour: int | None = None
    ticks: int = 0
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    market: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, net: LocalNet, chunk: Chunk, now_s: float) -> Flushed | None:
        hour = int(now_s // 3600)
        out = self._close() if self.hour is not None and hour != self.hour and self.ticks else None
        if out is not None or self.hour is None:
            self.hour, self.ticks, self.sums, self.market = hour, 0, {}, {}
        rows = {"joined": chunk.joined[-1].astype(np.int64), "leased": chunk.leased[-1].astype(np.float64),
                "earnings": chunk.earnings[-1].astype(np.float64), "up": chunk.up[-1].astype(np.int64)}
        for k, v in rows.items():
            self.sums[k] = self.sums.get(k, np.zeros_like(v)) + v
        m = chunk.markets
        traded = m["volume"].to_numpy()
        price = np.nan_to_num(m["price"].fill_null(np.nan).to_numpy())
        cols = {"value": price * traded, **{k: m[k].fill_null(0).to_numpy().astype(np.float64) for k in (*SUMMED, "n_asks", "supply_gpus")}}
        for k, v in cols.items():
            self.market[k] = self.market.get(k, np.zeros_like(v)) + v
        self.market["ask_median"] = m["ask_median"].fill_null(np.nan).to_numpy()
        self.ticks += 1
        return out

    def _close(self) -> Flushed:
        assert self.hour is not None
        t = self.ticks
        vol = self.market["volume"]
        with np.errstate(invalid="ignore", divide="ignore"):
            hour_row = {
                "price": np.where(vol > 0, self.market["value"] / vol, np.nan), "price_low": np.full(len(vol), np.nan),
                "price_high": np.full(len(vol), np.nan), "volume": vol, "n_bids": self.market["n_bids"],
                "n_asks": np.rint(self.market["n_asks"] / t), "demand_gpus": self.market["demand_gpus"],
                "supply_gpus": self.market["supply_gpus"] / t, "ask_median": self.market["ask_median"],
            }
        markets = market_frame(self.hour, [{k: hour_row[k] for k in MARKET_COLUMNS}])
        s = self.sums
        return Flushed(self.hour, t, s["joined"] > 0, s["leased"] / t, s["earnings"], s["up"] * 2 >= t, markets)


def flush(cur: duckdb.DuckDBPyConnection, net: LocalNet, f: Flushed) -> int:
    """Write one wall-clock hour: node rows and the clearing index, then the rollups for that hour and its day."""
    cap = net.arrays.cap
    keys = np.flatnonzero(f.joined)
    rows = store.insert(cur, "localnet_node_hours", pl.DataFrame({
        "node_key": keys.astype(np.int32), "hour": [store.hour_ts(f.hour)] * len(keys),
        "utilization": (f.leased[keys] / cap[keys]).astype(np.float32), "leased_gpus": np.rint(f.leased[keys]).astype(np.int16),
        "earnings_usd": f.earnings[keys].astype(np.float32), "up": f.up[keys],
    }).with_columns(pl.col("hour").cast(pl.Datetime("us"))))
    rows += store.insert(cur, "localnet_market_hours", f.markets.with_columns(
        (pl.col("hour") * 3_600_000_000).cast(pl.Datetime("us")), pl.col("volume").alias("volume_gpus")).drop("volume"))
    store.rollup(cur, f.hour, f.hour + 1)
    return rows


def hour_utilization(net: LocalNet, f: Flushed) -> pl.DataFrame:
    """The hour's utilization per model and in total, for the shared table (the same numbers the rollup will hold)."""
    joined = f.joined
    return frames.utilization(pl.DataFrame({
        "hour": [store.hour_ts(f.hour)] * len(joined), "gpu_model": net.fleet["gpu_model"],
        "gpus": np.where(joined, net.arrays.cap, 0), "leased_gpus": np.where(joined, np.rint(f.leased), 0).astype(np.int64),
    }), "hour")


def save_standing(cur: duckdb.DuckDBPyConnection, net: LocalNet, keys: np.ndarray, now_s: float) -> None:
    """Replace the standing rows of the nodes whose outcomes this tick changed."""
    if not len(keys):
        return
    rows = verify_rows.standing(net.standing.frame().filter(pl.col("node_key").is_in(keys.tolist())), net.fleet, now_s)
    cur.register("_localnet_ids", rows.select("node_id").to_arrow())
    try:
        cur.execute(write_text("localnet_standing_clear"))
    finally:
        cur.unregister("_localnet_ids")
    store.insert(cur, "node_standing", rows)


@dataclass
class RunKeeper:
    """Each node's open heartbeat run: a node up at this tick and the last extends it, one coming back starts a new one."""

    first: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    last: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    was_up: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    def load(self, db: Database, net: LocalNet) -> None:
        n = net.config.nodes
        self.first, self.last, self.was_up = np.full(n, -1, np.int64), np.full(n, -1, np.int64), np.zeros(n, bool)
        newest = db.cursor().sql("select node_id, max(first_slot) as first_slot, arg_max(last_slot, first_slot) as last_slot"
                                 " from node_heartbeat_runs where network = 'localnet' and source = 'localnet' group by node_id").pl()
        if newest.height:
            k = net.fleet.select("node_id", "node_key").join(newest, on="node_id")
            self.first[k["node_key"].to_numpy()] = k["first_slot"].to_numpy()
            self.last[k["node_key"].to_numpy()] = k["last_slot"].to_numpy()

    def beat(self, cur: duckdb.DuckDBPyConnection, net: LocalNet, up: np.ndarray, now_s: float) -> None:
        slot = int(now_s // 60)
        keep = (up & self.was_up & (self.first >= 0)) | (up & (self.last >= slot))
        start = up & ~keep
        ids = net.arrays.node_id
        observed = pl.lit(int(now_s * 1_000_000)).cast(frames.TS)
        if keep.any():
            k = np.flatnonzero(keep)
            stage = pl.DataFrame({"node_id": ids[k], "first_slot": self.first[k], "last_slot": np.maximum(self.last[k], slot),
                                  "add": np.maximum(slot - self.last[k], 0)}).with_columns(observed.alias("observed_at"))
            cur.register("_localnet_runs", stage.to_arrow())
            try:
                cur.execute(write_text("localnet_runs_extend"))
            finally:
                cur.unregister("_localnet_runs")
            self.last[k] = np.maximum(self.last[k], slot)
        if start.any():
            k = np.flatnonzero(start)
            store.insert(cur, "node_heartbeat_runs", pl.DataFrame({
                "network": frames.NETWORK, "node_id": ids[k], "first_slot": np.full(len(k), slot, np.int64),
                "last_slot": np.full(len(k), slot, np.int64), "beats": np.ones(len(k), np.int32), "source": frames.SOURCE,
            }).with_columns(observed.alias("observed_at")))
            self.first[k], self.last[k] = slot, slot
        self.was_up = up.copy()
        refresh_node_availability(cur, now_s)
