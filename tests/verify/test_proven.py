"""Proven hardware: only throughput shown on a timed challenge counts as attested; the node's own benchmark never does."""

from __future__ import annotations

import numpy as np
import pytest
from nacl.signing import SigningKey

from computescope.agent.node import opening, solve
from computescope.core.verification.attestation import (
    proof_window,
    proven_class,
    proven_gflops,
    required_gflops,
)
from computescope.core.verification.challenges import merkle_root
from computescope.db import Database
from computescope.verify.params import VerifyParams
from computescope.verify.reads import capacity, node_detail
from computescope.verify.store import VerificationStore
from tests.support.verify import HARDWARE, NOW, registration, report

H100S = {**HARDWARE, "gpus": [{"name": "H100 SXM", "memory_gb": 80.0}] * 8}
H100_BENCH = {"cpu": {"gflops": 250.0, "gbps": 40.0}, "gpu": {"tflops": 900.0, "tbps": 3.2}}  # in band: a convincing lie


def test_required_and_proven_throughput() -> None:
    assert required_gflops("H100 SXM", None, 8) == pytest.approx(989.0 * 1000 * 0.55)
    assert required_gflops(None, "AMD EPYC 7763 64-Core Processor", 8) == pytest.approx(2.45 * 16 * 8 * 0.40)
    assert required_gflops("Mystery GPU", "AMD EPYC 7763", 8) is None and required_gflops(None, "Some CPU", 8) is None
    assert proven_gflops(2048, 0.5, 0.1) == pytest.approx(2 * 2048**3 / 0.4 / 1e9)
    assert proven_gflops(2048, 0.1, 0.5) == pytest.approx(2 * 2048**3 / 1e-3 / 1e9)  # a round trip longer than the answer: floor
    assert proof_window(2048, 125.44, 0.1, 0.25) == pytest.approx(0.35 + 2 * 2048**3 / 125.44e9)
    # 200 GFLOPS on 8 cores: an EPYC 7763's band (125.4) and a 9654's (122.9) are reached, a Xeon 8480+'s (204.8) is not
    assert proven_class(200.0, 8) == "EPYC 7763" and proven_class(1.0, 8) is None and proven_class(None) is None
    assert proven_class(600_000.0) == "H100 SXM 80GB"


def _store(db: Database, proof_n: int = 128) -> VerificationStore:
    return VerificationStore(db, VerifyParams(challenge_n=64, proof_n=proof_n, challenge_mean_s=1e12), rng=np.random.default_rng(5))


def _answer(store: VerificationStore, key: SigningKey, challenge: dict[str, object], commit_at: float, open_at: float) -> dict[str, object]:
    c = solve(challenge)
    commit = store.accept_report(report(key, {"kind": "commit", "challenge_id": challenge["id"], "root": merkle_root(c).hex()}, commit_at),
                                 commit_at)
    return store.accept_report(report(key, {"kind": "open", "challenge_id": challenge["id"], "rows": opening(c, commit["open"])}, open_at),
                               open_at)


def test_a_convincing_self_reported_benchmark_attests_nothing(db: Database, key: SigningKey) -> None:
    store = _store(db)
    out = store.register(registration(key, "liar", hardware=H100S, measured=H100_BENCH), NOW)
    assert [a["verdict"] for a in out["attestation"] if a["device"] == "gpu"] == ["accept"]  # the benchmark fits an H100
    ch = out["challenge"]
    assert ch["n"] == 128 and ch["proof_deadline"] == pytest.approx(NOW + 0.25 + 2 * 128**3 / (989e3 * 0.55 * 1e9))
    assert _answer(store, key, ch, NOW + 0.05, NOW + 0.06)["verdict"] == "pass"  # right, and in time for the hard deadline
    row = capacity(db, now=NOW + 1).row(0, named=True)
    assert (row["nodes_verified"], row["gpus_claimed"], row["gpus_attested"]) == (1, 8, 0)
    proof = node_detail(db, "localnet", "liar", now=NOW + 1)["hardware_proof"]
    assert proof["proven_gflops"] == pytest.approx(2 * 128**3 / 0.05 / 1e9, rel=1e-5) and proof["claim_proofs"] == 0
    assert proof["flag"] == "claim above proven: H100 SXM needs 543,950 GFLOPS on a timed challenge; proven 0.1 GFLOPS"


def test_a_cpu_claim_answered_in_time_is_proven_and_the_round_trip_is_credited(db: Database, key: SigningKey) -> None:
    store = _store(db, 512)
    out = store.register(registration(key, "box"), NOW)
    ch = out["challenge"]
    # 2·512³ = 268 MFLOP committed 1.8 ms after issue: 149 GFLOPS, above the 125.4 an 8-core EPYC 7763 needs, below a Xeon 8480+'s
    assert _answer(store, key, ch, NOW + 0.0018, NOW + 0.03)["verdict"] == "pass"
    proof = node_detail(db, "localnet", "box", now=NOW + 1)["hardware_proof"]
    assert proof["proven_class"] == "EPYC 7763" and proof["flag"] is None and proof["claim_proofs"] == 1
    # the quickest row opening (30 ms, no work in it) is the round trip credited to the next challenge
    nxt = store.accept_report(report(key, {"kind": "heartbeat", "seq": 1}, NOW + 2), NOW + 2)
    assert nxt.get("challenge") is None  # challenges come at random gaps; force one
    with store._transaction(db.cursor()):
        forced = store._next_challenge(db.cursor(), ("localnet", "box"), NOW + 3, force=True)
    window = 0.03 - 0.0018 + 0.25 + 2 * 512**3 / (2.45 * 16 * 8 * 0.4e9)
    assert forced is not None and forced["proof_deadline"] == pytest.approx(NOW + 3 + window)
