"""Cheaters are caught at the rate the core predicts: skipped rows by the spot check, a borrowed GPU name by attestation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from computescope.core.verification.challenges import catch_probability
from computescope.core.verification.signing import generate_key
from computescope.db import Database
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.verify import NOW, answer, registration, report


def _challenges(store: VerificationStore, rounds: int, cheat: float, seed: int) -> list[str]:
    """Verdicts of `rounds` challenges answered by one node; every heartbeat draws a new challenge here."""
    key = generate_key()
    rng = np.random.default_rng(seed)
    first = store.register(registration(key), NOW)["challenge"]
    verdicts = [answer(store, key, first, NOW, cheat=cheat, rng=rng)["verdict"]]
    for i in range(1, rounds):
        now = NOW + 5 * i
        challenge = store.accept_report(report(key, {"kind": "heartbeat", "seq": i}, now), now)["challenge"]
        verdicts.append(answer(store, key, challenge, now, cheat=cheat, rng=rng)["verdict"])
    return verdicts


@pytest.mark.parametrize(("f", "k", "rounds"), [(0.10, 22, 300), (0.05, 10, 300)])
def test_skipping_rows_is_caught_at_one_minus_one_minus_f_to_the_k(db: Database, f: float, k: int, rounds: int) -> None:
    # n = 100 makes f·n whole, so the cheater's bad-row fraction is exactly f.
    store = VerificationStore(db, VerifyParams(challenge_n=100, spot_rows=k, challenge_mean_s=1e-9), rng=np.random.default_rng(11))
    verdicts = _challenges(store, rounds, f, seed=5)
    caught = verdicts.count("fail") / rounds
    predicted = catch_probability(f, k)
    sigma = math.sqrt(predicted * (1 - predicted) / rounds)
    assert abs(caught - predicted) < 4 * sigma, (caught, predicted)
    fails = db.cursor().execute("select count(*) from node_challenges where verdict = 'fail' and reason = 'wrong_result'").fetchall()[0][0]
    assert fails == verdicts.count("fail")


def test_an_honest_node_always_passes(db: Database) -> None:
    store = VerificationStore(db, VerifyParams(challenge_n=100, challenge_mean_s=1e-9), rng=np.random.default_rng(2))
    assert set(_challenges(store, 40, 0.0, seed=1)) == {"pass"}


def test_claiming_an_h100_while_measuring_cpu_throughput_is_rejected(db: Database) -> None:
    store = VerificationStore(db, VerifyParams(challenge_n=64))
    # What `computescope agent --claim-gpu H100` sends: its CPU benchmark presented as the GPU's.
    out = store.register(registration(generate_key(), "liar", hardware={"cpu_cores": 2, "memory_gb": 8.0, "gpus": [{"name": "H100"}]},
                                      measured={"cpu": {"gflops": 90.0, "gbps": 20.0}, "gpu": {"tflops": 0.09, "tbps": 0.02}}), NOW)
    gpu = out["attestation"][0]
    assert (gpu["device"], gpu["verdict"], gpu["reason"], gpu["best_fit"]) == ("gpu", "reject", "out_of_band", None)
    assert gpu["compute_ratio"] < 0.001
