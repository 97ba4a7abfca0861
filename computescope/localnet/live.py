"""The local network live: one simulated hour per tick, stamped at the wall clock, through the ingest runner like any source."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl

from computescope.core.verification.reputation import NodeState
from computescope.db import Database, write_text
from computescope.ingest.runner import RunResult, run
from computescope.localnet import frames, hourly, source, store
from computescope.localnet.backfill import backfill, recover
from computescope.localnet.sim.fleet import FleetParams
from computescope.localnet.sim.network import Chunk, LocalNet, LocalNetConfig
from computescope.localnet.sim.tokens import TOKEN_MODELS, TokenParams
from computescope.settings import Settings, SettingsError

log = logging.getLogger(__name__)
ENV = "COMPUTESCOPE_LOCALNET_"
_LOCK = threading.Lock()
JOIN_AFTER_HOURS = 72  # a new live network keeps growing for three simulated days: nodes appear while you watch


class LocalnetSettingsError(SettingsError):
    """A local-network setting has a value that cannot be used; one line, naming the variable (the CLI prints it as such)."""


@dataclass(frozen=True)
class LiveSettings:
    nodes: int = 200
    speedup: float = 60.0          # simulated hours per real hour: 60 makes a tick a minute
    seed: int = 1
    token_model: str = "BME"
    bootstrap_days: int = 14       # history written before the first tick when the database has no local network

    @property
    def tick_seconds(self) -> float:
        return min(max(3600.0 / self.speedup, 5.0), 3600.0)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LiveSettings:
        env = os.environ if environ is None else environ

        def number(name: str, default: float, lo: float, hi: float, whole: bool) -> float:
            text = env.get(ENV + name, "").strip()
            if not text:
                return default
            try:
                value = int(text) if whole else float(text)
            except ValueError:
                raise LocalnetSettingsError(f"{ENV}{name} must be a {'whole ' if whole else ''}number, not {text!r}") from None
            if not lo <= value <= hi:
                raise LocalnetSettingsError(f"{ENV}{name} must be between {lo:g} and {hi:g}, not {text}")
            return value

        model = env.get(ENV + "TOKEN_MODEL", "BME").strip().upper() or "BME"
        if model not in TOKEN_MODELS:
            raise LocalnetSettingsError(f"{ENV}TOKEN_MODEL must be one of {', '.join(TOKEN_MODELS)}, not {model!r}")
        return cls(int(number("NODES", 200, 1, 20_000, True)), number("SPEEDUP", 60.0, 1.0, 3600.0, False),
                   int(number("SEED", 1, 0, 2**62, True)), model, int(number("BOOTSTRAP_DAYS", 14, 1, 90, True)))


class LiveNet:
    """Owns the running network between ticks; the first tick writes a short history or resumes the database's network."""

    def __init__(self, db: Database, settings: Settings, live: LiveSettings) -> None:
        self.db, self.settings, self.live = db, settings, live
        self.net: LocalNet | None = None
        self.run_id: str | None = None
        self.hours = hourly.HourBuffer()
        self.runs = hourly.RunKeeper()
        self.last_tick_s: float | None = None
        self.prev_up: np.ndarray | None = None
        self.ticks = 0

    def _start(self, now_s: float) -> None:
        if recover(self.db):
            log.warning("the last local-network backfill was interrupted; writing the local network again")
            self.db.cursor().execute(write_text("localnet_runs_clear"))
        rows = self.db.cursor().sql("select run_id, seed, nodes, token_model, epoch(start_hour), hours, join_after_hours, epoch(clock_hour)"
                                    " from localnet_runs order by started_at desc limit 1").fetchall()
        if not rows:
            result, net = backfill(self.db, nodes=self.live.nodes, days=self.live.bootstrap_days, seed=self.live.seed,
                                   token_model=self.live.token_model, now_s=now_s, trigger="startup", join_after_hours=JOIN_AFTER_HOURS)
            self.net, self.run_id = net, result.run_id
        else:
            run_id, seed, nodes, model, start_s, hours, join_after, clock_s = rows[0]
            config = LocalNetConfig(seed=int(seed), nodes=int(nodes), start_hour=int(start_s // 3600), hours=int(hours),
                                    tokens=TokenParams(model=model), fleet=FleetParams(join_after_hours=int(join_after)))
            self.net, self.run_id = resume(self.db, LocalNet(config), int(clock_s // 3600)), str(run_id)
        self.runs.load(self.db, self.net)
        log.info("local network running: %d nodes, one simulated hour every %.0f s", self.net.config.nodes, self.live.tick_seconds)

    def tick(self, now_s: float | None = None) -> RunResult:
        """Simulate the next hour, load its shared facts through the ingest runner (source 'localnet'), then its own rows."""
        with _LOCK:
            now_s = time.time() if now_s is None else now_s
            if self.net is None:
                self._start(now_s)
            net = self.net
            assert net is not None
            chunk = net.run(net.clock, 1, epoch="chunk")
            since = self.last_tick_s if self.last_tick_s is not None else now_s - self.live.tick_seconds
            chunk = retime(chunk, now_s, self.live.speedup)
            flushed = self.hours.add(net, chunk, now_s)
            pending = tick_frames(self.db, net, chunk, since, now_s, self._changed(chunk))
            if flushed is not None:
                pending["utilization"] = pl.concat([pending["utilization"], hourly.hour_utilization(net, flushed)])
            source.PENDING[_key(self.settings)] = pending
            result = run(self.db, self.settings, source, trigger="scheduler")
            source.PENDING.pop(_key(self.settings), None)
            if result.status == "success":
                cur = self.db.cursor()
                cur.execute("begin")
                try:
                    self._write_own(chunk, flushed, now_s, result.run_id)
                    cur.execute("commit")
                except BaseException:
                    cur.execute("rollback")
                    raise
            self.last_tick_s = now_s
            self.prev_up = chunk.up[-1].copy()
            self.ticks += 1
            return result

    def _changed(self, chunk: Chunk) -> np.ndarray | None:
        """Nodes whose row in the nodes table may have changed (all of them every tenth tick: uptimes drift)."""
        if self.prev_up is None or self.ticks % 10 == 0:
            return None
        touched = np.zeros(len(self.prev_up), dtype=bool)
        if chunk.events.height:
            touched[chunk.events["node_key"].to_numpy()] = True
        return np.flatnonzero(touched | (chunk.up[-1] != self.prev_up))

    def _write_own(self, chunk: Chunk, flushed: hourly.Flushed | None, now_s: float, run_id: str) -> None:
        net, cur = self.net, self.db.cursor()
        assert net is not None
        store.register(cur, net, np.flatnonzero(net.arrays.joined == chunk.h0), now_s)
        store.write_chunk(cur, net, chunk, run_id, live_s=now_s)
        touched = np.unique(chunk.events["node_key"].to_numpy()) if chunk.events.height else np.zeros(0, np.int64)
        hourly.save_standing(cur, net, touched, now_s)
        self.runs.beat(cur, net, chunk.up[-1], now_s)
        if flushed is not None:
            hourly.flush(cur, net, flushed)
        cur.execute(write_text("localnet_run_clock"), [store.hour_ts(net.clock), self.run_id])

    def tick_safely(self) -> None:
        """The scheduler's job body: a failed tick is logged, the next one tries again."""
        try:
            result = self.tick()
            if result.status != "success":
                log.warning("local network tick %s: %s", result.status, result.error)
        except Exception:  # a fault in one tick must not stop the schedule
            log.exception("local network tick failed")


def _key(settings: Settings) -> str:
    return str(settings.db_path)


def retime(chunk: Chunk, now_s: float, speedup: float) -> Chunk:
    """Put a live chunk's moments on the wall clock: its simulated hour is compressed into the last 3600/speedup seconds."""
    end = (chunk.h0 + chunk.hours) * 3600.0

    def real(col: str) -> pl.Expr:
        return pl.lit(now_s) - (pl.lit(end) - pl.col(col)) / speedup

    return dataclasses.replace(
        chunk,
        challenges=chunk.challenges.with_columns(real("at").alias("at")) if chunk.challenges.height else chunk.challenges,
        events=chunk.events.with_columns(real("at").alias("at")) if chunk.events.height else chunk.events,
    )


def tick_frames(db: Database, net: LocalNet, chunk: Chunk, since_s: float, now_s: float, keys: np.ndarray | None) -> dict[str, pl.DataFrame]:
    """The shared facts of one tick, all observed now: point utilization, inventory, prices, token flows, facts, nodes."""
    now = datetime.fromtimestamp(now_s, UTC)
    joined = chunk.joined[-1]
    cap = net.arrays.cap
    model_now = pl.DataFrame({"hour": [now.replace(tzinfo=None)] * len(cap), "gpu_model": net.fleet["gpu_model"],
                              "gpus": np.where(joined, cap, 0), "leased_gpus": chunk.leased[-1].astype(np.int64)})
    epochs = [dataclasses.replace(e, start_s=since_s, end_s=now_s) for e in chunk.epochs]
    out = {
        **frames.reference(now, net.config.tokens.model),
        "utilization": frames.utilization(model_now, "point").with_columns(pl.lit(now).cast(frames.TS).alias("observed_at")),
        "gpu_inventory": frames.inventory(store.snapshot(net, chunk), now),
        "prices": frames.prices(chunk.markets.rename({"volume": "volume_gpus"}), store.ask_medians(net), net.ledger.price, now, regional=False),
        "network_facts": frames.facts(store.chunk_facts(net, chunk), now),
        **frames.tokens(epochs, net.config.tokens.model),
    }
    if keys is None or len(keys):
        out["nodes"] = store.current_nodes(db.cursor(), net, chunk.up[-1], now_s, keys)
    return out


def resume(db: Database, net: LocalNet, clock_hour: int) -> LocalNet:
    """Continue the database's network: its clock, standing, token supply and price, lease numbering (leases restart empty)."""
    cur = db.cursor()
    net.continue_at(clock_hour)
    rows = cur.sql("select node_id, stake, passes, fails, uptime_30d, failures, epoch(suspended_until) as until, earned"
                   " from node_standing where network = 'localnet' and source = 'localnet'").pl()
    if rows.height:
        keys = net.fleet.select("node_id", "node_key").join(rows, on="node_id")
        s = net.standing
        for col, target in (("stake", s.stake), ("passes", s.passes), ("fails", s.fails), ("earned", s.earned), ("uptime_30d", s.uptime_30d)):
            target[keys["node_key"].to_numpy()] = keys[col].to_numpy()
        s.suspended_until[keys["node_key"].to_numpy()] = keys["until"].fill_null(np.nan).to_numpy()
        for r in keys.filter(pl.col("node_key").is_in(list(s.folded))).iter_rows(named=True):
            s.folded[r["node_key"]] = NodeState(r["stake"], r["passes"], r["fails"], r["uptime_30d"], 1.0, tuple(json.loads(r["failures"])),
                                                r["until"], r["earned"])
    supply = cur.execute("select total, price_usd from token_supply where symbol = 'LOCAL' and source = 'localnet'"
                         " order by observed_at desc limit 1").fetchall()
    if supply:
        net.ledger.supply, net.ledger.price = float(supply[0][0]), float(supply[0][1])
    lease = cur.execute("select coalesce(max(lease_id) + 1, 0) from localnet_leases").fetchall()
    net.market.next_lease = int(lease[0][0])
    return net
