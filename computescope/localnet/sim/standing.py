"""Stake, reputation and suspension of every local node: outcomes through the verification core's apply_outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from computescope.core.verification.reputation import (
    ConsequenceParams,
    NodeState,
    Outcome,
    apply_outcome,
    beta_reputation,
)

# `ref` names what caused the event: "challenge", "attestation:gpu", or null for downtime.
EVENT_SCHEMA = {"node_key": pl.Int32, "at": pl.Float64, "kind": pl.Utf8, "amount": pl.Float64, "value": pl.Float64, "reason": pl.Utf8,
                "ref": pl.Utf8}


@dataclass
class Standing:
    """Per-node state between chunks. Nodes that may fail (cheaters) are folded outcome by outcome through the core;
    the honest rest only ever pass or go down, which reduces to counts: the same arithmetic, one array operation."""

    stake: np.ndarray
    passes: np.ndarray
    fails: np.ndarray
    earned: np.ndarray
    uptime_30d: np.ndarray
    suspended_until: np.ndarray                     # epoch seconds, nan when never suspended
    folded: dict[int, NodeState] = field(default_factory=dict)
    reward: float = 1.0
    params: ConsequenceParams = field(default_factory=ConsequenceParams)

    @classmethod
    def open(cls, fleet: pl.DataFrame, reward: float = 1.0) -> Standing:
        n = fleet.height
        bond = fleet["bond"].to_numpy().astype(np.float64)
        out = cls(bond.copy(), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n), np.ones(n), np.full(n, np.nan), reward=reward)
        for key in np.flatnonzero((fleet["cheat_fraction"].to_numpy() > 0) | fleet["liar"].to_numpy()):
            out.folded[int(key)] = NodeState(stake=float(bond[key]))
        return out

    @property
    def reputation(self) -> np.ndarray:
        return beta_reputation(self.passes, self.fails, self.uptime_30d)  # type: ignore[arg-type]  # elementwise on arrays

    def suspended_at(self, at: float) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.nan_to_num(self.suspended_until, nan=-np.inf) > at

    def apply(self, outcomes: pl.DataFrame) -> pl.DataFrame:
        """Apply outcomes (node_key, at, kind in pass | fail | downtime, reason) in time order; return the events."""
        outcomes = outcomes.sort("at", "node_key")
        keys = outcomes["node_key"].to_numpy()
        in_fold = np.isin(keys, np.fromiter(self.folded, dtype=np.int64, count=len(self.folded)))
        events = [self._fold(outcomes.filter(pl.Series(in_fold))), self._counts(outcomes.filter(pl.Series(~in_fold)))]
        return pl.concat([e for e in events if e.height], how="vertical_relaxed") if any(e.height for e in events) else pl.DataFrame(schema=EVENT_SCHEMA)

    def _fold(self, outcomes: pl.DataFrame) -> pl.DataFrame:
        rows: list[dict[str, object]] = []
        for key, at, kind, reason in outcomes.select("node_key", "at", "kind", "reason").iter_rows():
            state = self.folded[key]
            reward = 0.0 if kind == "downtime" else self.reward
            new, events = apply_outcome(state, Outcome(kind, at, reward=reward, job_id=reason, uptime_30d=float(self.uptime_30d[key])), self.params)
            self.folded[key] = new
            for e in events:
                rows.append({"node_key": key, "at": at, "kind": e["kind"], "amount": e.get("amount"),
                             "value": e.get("value", e.get("until")), "reason": e.get("reason"), "ref": reason})
            self.stake[key], self.passes[key], self.fails[key], self.earned[key] = new.stake, new.passes, new.fails, new.earned
            self.suspended_until[key] = np.nan if new.suspended_until is None else new.suspended_until
        return pl.DataFrame(rows, schema=EVENT_SCHEMA) if rows else pl.DataFrame(schema=EVENT_SCHEMA)

    def _counts(self, outcomes: pl.DataFrame) -> pl.DataFrame:
        """Each pass pays a reward; each downtime slashes a third of K × coefficient, never below zero; reputation after each.

        The same events apply_outcome writes, in the same order, computed per node with cumulative sums.
        """
        if outcomes.is_empty():
            return pl.DataFrame(schema=EVENT_SCHEMA)
        ordered = outcomes.with_columns(
            (pl.col("kind") == "pass").cast(pl.Int64).cum_sum().over("node_key").alias("_passes"),
            ((pl.col("kind") == "downtime").cast(pl.Int64).cum_sum().over("node_key") - 1).alias("_down"),
        )
        keys = ordered["node_key"].to_numpy()
        is_pass = (ordered["kind"] == "pass").to_numpy()
        passes = self.passes[keys] + ordered["_passes"].to_numpy()
        rep = beta_reputation(passes, self.fails[keys], self.uptime_30d[keys])  # type: ignore[arg-type]  # elementwise on arrays
        third = self.params.downtime_share * self.params.k * self.params.coefficient
        slashed = np.where(is_pass, 0.0, np.clip(self.stake[keys] - ordered["_down"].to_numpy() * third, 0.0, third))
        np.add.at(self.passes, keys[is_pass], 1)
        np.add.at(self.earned, keys[is_pass], self.reward)
        np.add.at(self.stake, keys[~is_pass], -slashed[~is_pass])
        self.stake = np.maximum(self.stake, 0.0)
        done = ordered.select("node_key", "at", pl.Series("_pass", is_pass), pl.Series("_slash", slashed), pl.Series("_rep", rep))
        ok = pl.col("_pass")
        ref = pl.when(ok).then(pl.lit("challenge")).otherwise(pl.lit(None, pl.Utf8)).alias("ref")
        first = done.select("node_key", "at", pl.when(ok).then(pl.lit("reward")).otherwise(pl.lit("slash")).alias("kind"),
                            pl.when(ok).then(pl.lit(self.reward)).otherwise("_slash").alias("amount"), pl.lit(None, pl.Float64).alias("value"),
                            pl.when(ok).then(pl.lit(None, pl.Utf8)).otherwise(pl.lit("downtime")).alias("reason"), ref, pl.lit(0).alias("_order"))
        zeroed = done.filter(~ok).select("node_key", "at", pl.lit("reward_zeroed").alias("kind"), pl.lit(0.0).alias("amount"),
                                         pl.lit(None, pl.Float64).alias("value"), pl.lit("downtime").alias("reason"), ref, pl.lit(1).alias("_order"))
        after = done.select("node_key", "at", pl.lit("reputation").alias("kind"), pl.lit(None, pl.Float64).alias("amount"),
                            pl.col("_rep").alias("value"), pl.lit(None, pl.Utf8).alias("reason"), ref, pl.lit(2).alias("_order"))
        return (pl.concat([first, zeroed, after], how="vertical_relaxed")
                .sort("at", "node_key", "_order").select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA))  # type: ignore[arg-type]

    def set_uptime(self, uptime: np.ndarray) -> None:
        self.uptime_30d = np.where(np.isnan(uptime), 1.0, uptime)
        for key, state in self.folded.items():
            self.folded[key] = NodeState(state.stake, state.passes, state.fails, float(self.uptime_30d[key]), state.score,
                                         state.failures, state.suspended_until, state.earned)

    def frame(self) -> pl.DataFrame:
        """Current standing, one row per node key (suspended_until in epoch seconds, null when never suspended)."""
        failures = ["[" + ", ".join(f"{t:.0f}" for t in self.folded[k].failures) + "]" if k in self.folded else "[]" for k in range(len(self.stake))]
        return pl.DataFrame({
            "node_key": np.arange(len(self.stake), dtype=np.int32), "stake": self.stake, "passes": self.passes.astype(np.int32),
            "fails": self.fails.astype(np.int32), "uptime_30d": self.uptime_30d, "score": np.ones(len(self.stake)),
            "failures": failures, "suspended_until": self.suspended_until, "earned": self.earned, "reputation": self.reputation,
        }).with_columns(pl.col("suspended_until").fill_nan(None))
