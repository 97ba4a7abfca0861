"""The verification store: registration, heartbeat runs, challenges, attestation and consequences, and the node reads."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from nacl.signing import SigningKey

from computescope.core.verification.signing import ReportRejected, generate_key
from computescope.db import Database
from computescope.verify.ledger import WINDOWS, ts, uptime
from computescope.verify.reads import NodeQuery, capacity, hourly_availability, list_nodes, node_detail
from computescope.verify.store import VerificationStore
from tests.support.verify import NOW, answer, counts, registration, report


def test_registration_writes_key_standing_run_attestation_and_first_challenge(store: VerificationStore, key: SigningKey, db: Database) -> None:
    out = store.register(registration(key), NOW)
    assert out["created"] and out["node"] == {"network": "localnet", "node_id": "n1"}
    assert out["challenge"]["n"] == 64 and out["challenge"]["deadline"] == NOW + 30
    # 8 cores of an EPYC 7763 peak at 2.45 GHz × 16 FLOPs × 8 = 313.6 GFLOPS; 250 measured is 0.80 of it.
    assert [(a["device"], a["verdict"], round(a["compute_ratio"], 3)) for a in out["attestation"]] == [("cpu", "accept", 0.797)]
    assert counts(db) == {"node_keys": 1, "node_nonces": 1, "node_reports": 1, "node_heartbeat_runs": 1, "node_challenges": 1,
                          "node_attestations": 1, "node_standing": 1, "node_events": 2, "nodes": 1}
    node = db.cursor().execute("select source, status, cpu_cores from nodes where node_id = 'n1'").fetchall()
    assert node == [("agent", "registered", 8)]


def test_reregistration_updates_the_claim_and_redelivers_the_pending_challenge(store: VerificationStore, key: SigningKey, db: Database) -> None:
    first = store.register(registration(key), NOW)
    again = store.register(registration(key, operator="renamed"), NOW + 10)
    assert not again["created"] and again["challenge"]["id"] == first["challenge"]["id"]
    assert db.cursor().execute("select operator from node_keys").fetchall() == [("renamed",)]


def test_a_node_belongs_to_its_key_and_a_key_to_one_node(store: VerificationStore, key: SigningKey, db: Database) -> None:
    store.register(registration(key), NOW)
    before = counts(db)
    with pytest.raises(ReportRejected) as taken:
        store.register(registration(generate_key()), NOW)
    with pytest.raises(ReportRejected) as bound:
        store.register(registration(key, "n2"), NOW)
    assert (taken.value.reason, bound.value.reason) == ("node_taken", "key_bound_to_other_node")
    assert counts(db) == before


def test_heartbeats_extend_runs_and_a_gap_past_grace_costs_stake(store: VerificationStore, key: SigningKey, db: Database) -> None:
    store.register(registration(key), NOW)
    for t in (60, 120, 360, 480):
        store.accept_report(report(key, {"kind": "heartbeat", "seq": t}, NOW + t), NOW + t)
    s0 = int(NOW // 60)
    runs = db.cursor().execute("select first_slot - ?, last_slot - ?, beats from node_heartbeat_runs order by first_slot", [s0, s0]).fetchall()
    assert runs == [(0, 2, 3), (6, 6, 1), (8, 8, 1)]
    # Three missed slots (3, 4, 5) reach the grace of 2: downtime slashes a third of K = 100; one missed slot (7) is forgiven.
    slashes = db.cursor().execute("select amount from node_events where kind = 'slash' and reason = 'downtime'").fetchall()
    assert slashes == [(pytest.approx(100 / 3),)]
    _, expected, down = uptime(db.cursor(), ("localnet", "n1"), NOW + 540, WINDOWS["1d"], 2)
    assert (expected, down) == (9, 3)


def test_sql_availability_agrees_with_the_core_on_a_random_fleet(db: Database) -> None:
    rng = np.random.default_rng(3)
    cur = db.cursor()
    now = NOW + 0.5
    s_now = int(now // 60)
    for i in range(60):
        reg = now - rng.uniform(0, 40 * 86_400)
        cur.execute("insert into node_keys (public_key, network, node_id, hardware, registered_at, source, observed_at)"
                    " values (?, 'localnet', ?, '{}', ?, 'agent', ?)", [f"{i:064x}", f"n{i}", ts(reg), ts(now)])
        slot = int(reg // 60) + int(rng.integers(0, 5))
        while slot < s_now and i % 7:  # every seventh node never sends a heartbeat
            length = int(rng.integers(1, 3000))
            cur.execute("insert into node_heartbeat_runs values ('localnet', ?, ?, ?, 1, 'agent', ?)",
                        [f"n{i}", slot, min(slot + length - 1, s_now), ts(now)])
            slot += length + int(rng.choice([1, 2, 3, 50, 900]))
    for window in WINDOWS.values():
        sql = {(r[0], r[1], r[2]) for r in cur.execute("select node_id, expected_slots, down_slots from node_availability(?, ?, 2)",
                                                           [now, window]).fetchall()}
        core = set()
        for i in range(60):
            _, expected, down = uptime(cur, ("localnet", f"n{i}"), now, window, 2)
            core.add((f"n{i}", expected, down))
        assert sql == core


def test_an_honest_answer_passes_and_earns(store: VerificationStore, key: SigningKey, db: Database) -> None:
    challenge = store.register(registration(key), NOW)["challenge"]
    assert answer(store, key, challenge, NOW + 1) == {"accepted": "open", "challenge_id": challenge["id"], "verdict": "pass", "reason": None}
    row = db.cursor().execute("select passes, fails, earned, stake from node_standing").fetchall()
    assert row == [(1, 0, 1.0, 1000.0)]
    nodes, _ = list_nodes(db, now=NOW + 2)
    assert nodes.row(0, named=True)["status"] == "verified" and nodes["verified"].to_list() == [True]
    latency = db.cursor().execute("select latency_s, gflops from node_challenges").fetchall()[0]
    assert latency[0] == pytest.approx(1.0) and latency[1] == pytest.approx(2 * 64**3 / 1e9)


def test_a_late_commitment_fails_and_is_slashed(store: VerificationStore, key: SigningKey, db: Database) -> None:
    challenge = store.register(registration(key), NOW)["challenge"]
    assert answer(store, key, challenge, NOW + 31) == {"accepted": "commit", "verdict": "fail", "reason": "late"}
    assert db.cursor().execute("select amount, reason from node_events where kind = 'slash'").fetchall() == [(100.0, "failed_proof")]


def test_an_unanswered_challenge_fails_at_the_next_heartbeat(store: VerificationStore, key: SigningKey, db: Database) -> None:
    store.register(registration(key), NOW)
    store.accept_report(report(key, {"kind": "heartbeat", "seq": 1}, NOW + 45), NOW + 45)
    assert db.cursor().execute("select verdict, reason from node_challenges").fetchall() == [("fail", "no_response")]


def test_opening_other_rows_than_drawn_fails(store: VerificationStore, key: SigningKey) -> None:
    from computescope.agent.node import opening, solve
    from computescope.core.verification.challenges import merkle_root

    challenge = store.register(registration(key), NOW)["challenge"]
    c = solve(challenge)
    commit = store.accept_report(report(key, {"kind": "commit", "challenge_id": challenge["id"], "root": merkle_root(c).hex()}), NOW)
    others = [(i + 1) % 64 for i in commit["open"]]
    out = store.accept_report(report(key, {"kind": "open", "challenge_id": challenge["id"], "rows": opening(c, others)}), NOW)
    assert (out["verdict"], out["reason"]) == ("fail", "wrong_rows")


def test_answers_to_unknown_or_settled_challenges_write_nothing(store: VerificationStore, key: SigningKey, db: Database) -> None:
    challenge = store.register(registration(key), NOW)["challenge"]
    answer(store, key, challenge, NOW + 1)
    before = counts(db)
    for cid, reason in (("0" * 32, "unknown_challenge"), (challenge["id"], "challenge_not_pending")):
        with pytest.raises(ReportRejected) as exc:
            store.accept_report(report(key, {"kind": "commit", "challenge_id": cid, "root": "ab" * 32}), NOW + 2)
        assert exc.value.reason == reason
    assert counts(db) == before


def test_gpu_claims_are_attested_and_a_false_one_is_a_failed_proof(store: VerificationStore, db: Database) -> None:
    liar, honest = generate_key(), generate_key()
    fake = store.register(registration(liar, "liar", hardware={**_hw(), "gpus": [{"name": "H100 SXM"}]},
                                        measured={"cpu": {"gflops": 250.0, "gbps": 40.0}, "gpu": {"tflops": 0.25, "tbps": 0.04}}), NOW)
    real = store.register(registration(honest, "real", hardware={**_hw(), "gpus": [{"name": "NVIDIA H100 80GB HBM3", "memory_gb": 79.6}] * 8},
                                        measured={"cpu": {"gflops": 250.0, "gbps": 40.0}, "gpu": {"tflops": 720.0, "tbps": 2.9}}), NOW)
    assert fake["attestation"][0]["verdict"] == "reject" and real["attestation"][0]["verdict"] == "accept"
    assert db.cursor().execute("select node_id, amount, reason from node_events where kind = 'slash'").fetchall() == [("liar", 100.0, "failed_proof")]
    nodes = {r["node_id"]: r for r in list_nodes(db, now=NOW)[0].iter_rows(named=True)}
    assert nodes["liar"]["status"] == "failing" and nodes["liar"]["attested_gpu"] is None
    assert (nodes["real"]["claimed_gpu"], nodes["real"]["attested_gpu"], nodes["real"]["gpu_count"]) == ("H100", "H100", 8)


def _hw() -> dict[str, object]:
    return {"cpu_model": "AMD EPYC 7763 64-Core Processor", "cpu_cores": 8, "memory_gb": 64.0}


def test_node_list_filters_sorts_and_pages_on_the_server(store: VerificationStore, db: Database) -> None:
    for i, op in enumerate(["alpha", "beta", "alpha", "gamma", "alpha"]):
        store.register(registration(generate_key(), f"node-{i}", operator=op), NOW + i)
    page, total = list_nodes(db, NodeQuery(operator="ALPHA"), now=NOW + 10, sort=[("node", "desc")], limit=2, offset=0)
    assert total == 3 and page["node_id"].to_list() == ["node-4", "node-2"]
    page, total = list_nodes(db, NodeQuery(operator="alpha"), now=NOW + 10, sort=[("node", "desc")], limit=2, offset=2)
    assert total == 3 and page["node_id"].to_list() == ["node-0"]
    grid = {"search": {"filterType": "text", "type": "contains", "filter": "GAM"}}
    assert list_nodes(db, now=NOW + 10, filter_model=grid)[0]["operator"].to_list() == ["gamma"]
    hostile = {"node_id; drop table node_keys": {"filterType": "text", "type": "contains", "filter": "x"},
               "operator": {"filterType": "text", "type": "equals", "filter": "beta' or '1'='1"}}
    assert list_nodes(db, now=NOW + 10, filter_model=hostile, sort=[("1; drop table nodes", "asc")])[1] == 0
    assert counts(db)["node_keys"] == 5


def test_hourly_availability_applies_grace_and_skips_hours_before_registration() -> None:
    now = NOW + 3 * 3600 + 30  # 30 s into hour 3
    s = int(NOW // 60)
    # Registered at hour 1; up all of hour 1 except one forgiven slot; hour 2 loses 30 slots.
    runs = pl.DataFrame({"first_slot": [s + 60, s + 71, s + 150], "last_slot": [s + 69, s + 119, s + 180]})
    t = hourly_availability(runs, NOW + 3600, now, hours=4)
    assert t["availability"].to_list() == [None, 1.0, 0.5, None]
    assert t["expected_slots"].to_list() == [0, 60, 60, 0]


def test_node_detail_and_capacity(store: VerificationStore, key: SigningKey, db: Database) -> None:
    challenge = store.register(registration(key, hardware={**_hw(), "gpus": [{"name": "RTX 4090"}] * 2}), NOW)["challenge"]
    answer(store, key, challenge, NOW + 1)
    detail = node_detail(db, "localnet", "n1", now=NOW + 2)
    assert detail is not None and detail["node"]["challenges_passed"] == 1
    assert set(detail) >= {"availability", "sla", "timeline", "challenges", "attestations", "events"}
    assert node_detail(db, "localnet", "nope", now=NOW) is None
    cap = capacity(db, now=NOW + 2).row(0, named=True)
    # The GPUs are claimed but unmeasured by a CPU-only agent, so none count as attested.
    assert (cap["nodes_registered"], cap["nodes_verified"], cap["gpus_claimed"], cap["gpus_attested"], cap["cores_verified"]) == (1, 1, 2, 0, 8)


def test_a_rolled_back_report_leaves_the_cached_run_as_the_database_has_it(store: VerificationStore, key: SigningKey, db: Database) -> None:
    store.register(registration(key), NOW)
    with pytest.raises(ReportRejected):  # its heartbeat slot was staged, then the transaction rolled back
        store.accept_report(report(key, {"kind": "commit", "challenge_id": "f" * 32, "root": "ab" * 32}, NOW + 60), NOW + 60)
    store.accept_report(report(key, {"kind": "heartbeat", "seq": 1}, NOW + 120), NOW + 120)
    s0 = int(NOW // 60)
    runs = db.cursor().execute("select first_slot - ?, last_slot - ?, beats from node_heartbeat_runs order by first_slot", [s0, s0]).fetchall()
    # Slot 1 was never stored, so the heartbeat in slot 2 starts a new run instead of extending a phantom one.
    assert runs == [(0, 0, 1), (2, 2, 1)]


def test_staged_cache_keeps_only_committed_changes() -> None:
    from computescope.verify.staged import Staged

    cache: Staged[str, int] = Staged()
    assert cache.get("a", lambda: 1) == 1
    cache.put("a", 2)
    assert cache.get("a", lambda: 9) == 2
    cache.rollback()
    assert cache.get("a", lambda: 9) == 1
    cache.put("a", 3)
    cache.commit()
    assert cache.get("a", lambda: 9) == 3
