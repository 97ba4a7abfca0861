"""Reputation, consequences, the Cosmos downtime window, and where each verification concern lives."""

from __future__ import annotations

import numpy as np
import pytest

from computescope.core.verification import attestation, challenges, liveness, reputation, signing
from computescope.core.verification.liveness import DAY_S
from computescope.core.verification.reputation import (
    ConsequenceParams,
    NodeState,
    Outcome,
    apply_outcome,
    beta_reputation,
    cosmos_window,
)

T0 = 1_750_000_000.0
PARAMS = ConsequenceParams(k=100.0, coefficient=2.0)


def _kinds(events: list[dict]) -> list[str]:
    return [e["kind"] for e in events]


def test_each_concern_has_its_own_module() -> None:
    expected = {
        liveness: ("availability_many", "oort_score"),
        challenges: ("make_challenge", "freivalds_check", "verify_spot_check", "catch_probability"),
        attestation: ("attest", "attest_cpu"),
        signing: ("sign_report", "verify_report", "verify_registration"),
        reputation: ("apply_outcome", "beta_reputation"),
    }
    for module, names in expected.items():
        for name in names:
            assert callable(getattr(module, name)), f"{module.__name__}.{name}"


def test_cosmos_window_vector() -> None:
    signed = np.ones(100, dtype=bool)
    signed[:50] = False
    ok = cosmos_window(signed)
    assert (ok.jailed, ok.max_missed, ok.missed_in_window, ok.slash_amount(1000.0)) == (False, 50, 50, 0.0)
    signed[50] = False
    jail = cosmos_window(signed)
    assert (jail.jailed, jail.jailed_at, jail.missed_in_window) == (True, 50, 51)
    assert jail.slash_fraction == 0.01 and jail.slash_amount(1000.0) == pytest.approx(10.0)


def test_cosmos_window_slides() -> None:
    # 50 misses, 100 signed, 50 misses: never more than 50 in any 100-slot window.
    signed = np.concatenate((np.zeros(50, bool), np.ones(100, bool), np.zeros(50, bool)))
    assert not cosmos_window(signed).jailed
    assert cosmos_window(np.concatenate((signed[:150], np.zeros(51, bool)))).jailed


def test_beta_reputation() -> None:
    assert beta_reputation(0, 0, 1.0) == 0.5
    assert beta_reputation(8, 0, 1.0) == 0.9
    assert beta_reputation(8, 2, 0.9) == pytest.approx(0.75 * 0.9)
    assert NodeState(stake=10, passes=3, fails=1, uptime_30d=0.5).reputation == pytest.approx(4 / 6 * 0.5)


def test_pass_pays_reward_weighted_by_score() -> None:
    s, ev = apply_outcome(
        NodeState(stake=1000, score=0.5), Outcome("pass", T0, reward=40, job_id="j1"), PARAMS
    )
    assert ev[0] == {"kind": "reward", "amount": 20.0, "job_id": "j1"}
    assert (s.passes, s.earned, s.stake) == (1, 20.0, 1000)
    assert ev[-1] == {"kind": "reputation", "value": pytest.approx(2 / 3)}
    flat = ConsequenceParams(weight_by_score=False)
    _, ev = apply_outcome(NodeState(stake=1000, score=0.5), Outcome("pass", T0, reward=40), flat)
    assert ev[0]["amount"] == 40


def test_failed_proof_slashes_zeroes_reward_and_counts() -> None:
    s, ev = apply_outcome(NodeState(stake=1000), Outcome("fail", T0, reward=40, job_id="j2"), PARAMS)
    assert _kinds(ev) == ["slash", "reward_zeroed", "reputation"]
    assert ev[0] == {"kind": "slash", "amount": 200.0, "reason": "failed_proof", "job_id": "j2"}
    assert ev[1]["amount"] == 40
    assert (s.stake, s.fails, s.failures, s.suspended_until) == (800.0, 1, (T0,), None)
    assert s.reputation == pytest.approx(1 / 3)


def test_two_failures_within_a_week_suspend() -> None:
    s, _ = apply_outcome(NodeState(stake=1000), Outcome("fail", T0), PARAMS)
    s, ev = apply_outcome(s, Outcome("fail", T0 + 6 * DAY_S), PARAMS)
    suspend = [e for e in ev if e["kind"] == "suspend"]
    assert suspend == [{"kind": "suspend", "until": T0 + 36 * DAY_S, "failures": 2}]
    assert s.suspended(T0 + 7 * DAY_S) and not s.suspended(T0 + 36 * DAY_S)
    s, ev = apply_outcome(s, Outcome("pass", T0 + 8 * DAY_S, reward=50), PARAMS)
    assert ev[0] == {"kind": "reward_zeroed", "amount": 50, "reason": "suspended"}
    assert s.earned == 0.0 and s.passes == 1


def test_failures_further_apart_do_not_suspend() -> None:
    s, _ = apply_outcome(NodeState(stake=1000), Outcome("fail", T0), PARAMS)
    s, ev = apply_outcome(s, Outcome("fail", T0 + 8 * DAY_S), PARAMS)
    assert "suspend" not in _kinds(ev)
    assert s.fails == 2 and s.failures == (T0 + 8 * DAY_S,) and s.suspended_until is None


def test_suspension_threshold_is_a_parameter() -> None:
    strict = ConsequenceParams(suspend_failures=1, suspend_for_s=DAY_S)
    s, ev = apply_outcome(NodeState(stake=10), Outcome("fail", T0), strict)
    assert ev[-2] == {"kind": "suspend", "until": T0 + DAY_S, "failures": 1}


def test_downtime_slashes_a_third_without_counting_a_failure() -> None:
    s, ev = apply_outcome(NodeState(stake=1000), Outcome("downtime", T0, reward=9, uptime_30d=0.95), PARAMS)
    assert ev[0]["amount"] == pytest.approx(200 / 3) and ev[0]["reason"] == "downtime"
    assert s.fails == 0 and s.uptime_30d == 0.95
    assert s.reputation == pytest.approx(0.5 * 0.95)


def test_slash_never_exceeds_stake() -> None:
    s, ev = apply_outcome(NodeState(stake=50), Outcome("fail", T0), PARAMS)
    assert ev[0]["amount"] == 50 and s.stake == 0


def test_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError):
        apply_outcome(NodeState(stake=1), Outcome("maybe", T0))
