"""Verification core: reputation and consequences, plus the liveness, challenge, attestation and signing APIs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from computescope.core.verification.liveness import (
    DAY_S,
)

OUTCOMES = ("pass", "fail", "downtime")


@dataclass(frozen=True)
class ConsequenceParams:
    """Slashing and suspension parameters (Aethir-style: K × staking coefficient, downtime a third of it)."""

    k: float = 100.0
    coefficient: float = 1.0
    downtime_share: float = 1 / 3
    suspend_failures: int = 2
    suspend_window_s: float = 7 * DAY_S
    suspend_for_s: float = 30 * DAY_S
    weight_by_score: bool = True


@dataclass(frozen=True)
class NodeState:
    """What the core remembers about a node between outcomes."""

    stake: float
    passes: int = 0
    fails: int = 0
    uptime_30d: float = 1.0
    score: float = 1.0
    failures: tuple[float, ...] = ()
    suspended_until: float | None = None
    earned: float = 0.0

    @property
    def reputation(self) -> float:
        return beta_reputation(self.passes, self.fails, self.uptime_30d)

    def suspended(self, now: float) -> bool:
        return self.suspended_until is not None and now < self.suspended_until


@dataclass(frozen=True)
class Outcome:
    """One verified fact about a node: a proof passed or failed, or it was down while serving."""

    kind: str
    at: float
    reward: float = 0.0
    job_id: str | None = None
    uptime_30d: float | None = None
    score: float | None = None


def beta_reputation(passes: int, fails: int, uptime_30d: float) -> float:
    """R = Beta(1, 1) posterior mean of passing, (passes + 1) / (passes + fails + 2), times 30-day uptime."""
    return (passes + 1) / (passes + fails + 2) * uptime_30d


def apply_outcome(
    state: NodeState, outcome: Outcome, params: ConsequenceParams | None = None
) -> tuple[NodeState, list[dict[str, Any]]]:
    """Apply one outcome; returns the new state and the events it caused (reward, slash, suspend, ...)."""
    p = params or ConsequenceParams()
    if outcome.kind not in OUTCOMES:
        raise ValueError(f"unknown outcome kind {outcome.kind!r}; expected one of {OUTCOMES}")
    s = replace(
        state,
        uptime_30d=state.uptime_30d if outcome.uptime_30d is None else outcome.uptime_30d,
        score=state.score if outcome.score is None else outcome.score,
    )
    events: list[dict[str, Any]] = []
    job = {"job_id": outcome.job_id} if outcome.job_id is not None else {}

    if outcome.kind == "pass":
        s = replace(s, passes=s.passes + 1)
        if s.suspended(outcome.at):
            events.append({"kind": "reward_zeroed", "amount": outcome.reward, "reason": "suspended", **job})
        else:
            paid = outcome.reward * (s.score if p.weight_by_score else 1.0)
            s = replace(s, earned=s.earned + paid)
            events.append({"kind": "reward", "amount": paid, **job})
    else:
        share = 1.0 if outcome.kind == "fail" else p.downtime_share
        amount = min(s.stake, share * p.k * p.coefficient)
        reason = "failed_proof" if outcome.kind == "fail" else "downtime"
        s = replace(s, stake=s.stake - amount)
        events.append({"kind": "slash", "amount": amount, "reason": reason, **job})
        events.append({"kind": "reward_zeroed", "amount": outcome.reward, "reason": reason, **job})
        if outcome.kind == "fail":
            recent = tuple(t for t in s.failures if t > outcome.at - p.suspend_window_s) + (outcome.at,)
            s = replace(s, fails=s.fails + 1, failures=recent)
            if len(recent) >= p.suspend_failures:
                until = outcome.at + p.suspend_for_s
                if s.suspended_until is None or until > s.suspended_until:
                    s = replace(s, suspended_until=until)
                    events.append({"kind": "suspend", "until": until, "failures": len(recent)})
    events.append({"kind": "reputation", "value": s.reputation})
    return s, events


@dataclass(frozen=True)
class CosmosVerdict:
    """Outcome of a Cosmos x/slashing style signed-blocks window."""

    jailed: bool
    jailed_at: int | None
    max_missed: int
    missed_in_window: int
    slash_fraction: float

    def slash_amount(self, stake: float) -> float:
        return stake * self.slash_fraction if self.jailed else 0.0


def cosmos_window(
    signed: ArrayLike, *, window: int = 100, min_signed: float = 0.5, slash_fraction: float = 0.01
) -> CosmosVerdict:
    """Jail at the first slot where misses in the trailing `window` exceed window - floor(min_signed * window)."""
    miss = ~np.asarray(signed, dtype=bool)
    max_missed = window - int(min_signed * window)
    cum = np.concatenate(([0], np.cumsum(miss)))
    idx = np.arange(1, len(miss) + 1)
    in_window = cum[idx] - cum[np.maximum(idx - window, 0)]
    over = np.flatnonzero(in_window > max_missed)
    at = int(over[0]) if len(over) else None
    missed = int(in_window[at]) if at is not None else int(in_window[-1]) if len(in_window) else 0
    return CosmosVerdict(at is not None, at, max_missed, missed, slash_fraction if at is not None else 0.0)


