"""Abuse limits: per-address and overall quotas answer 429 with Retry-After, unproven registrations are capped and pruned,
refusals are summarised in one log line."""

from __future__ import annotations

import json
import logging
import time

import numpy as np
import pytest

from computescope.core.verification.signing import ReportRejected, generate_key
from computescope.db import Database
from computescope.explorer.api.intake import RefusalLog
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.verify import NOW, answer, collector_app, counts, post, registration

REGISTER = "/api/v1/nodes/register"


@pytest.fixture
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quotas see no time pass, however slowly the machine registers: the counts below never depend on speed."""
    monkeypatch.setattr("computescope.explorer.api.intake.clock", lambda: 1_000.0)


def test_a_single_client_flooding_registration_is_cut_off_before_100(db: Database, caplog: pytest.LogCaptureFixture,
                                                                       still_clock: None) -> None:
    client = collector_app(db).test_client()
    caplog.set_level(logging.WARNING, "computescope.explorer.api.intake")
    statuses = [post(client, REGISTER, registration(generate_key(), f"f{i}", now=time.time())).status_code for i in range(100)]
    assert statuses[:20] == [201] * 20 and set(statuses[20:]) == {429}
    assert counts(db)["node_keys"] == 20
    refused = post(client, REGISTER, registration(generate_key(), "late", now=time.time()))
    assert refused.status_code == 429 and refused.get_json()["reason"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    # 81 refusals, one summary line (the first refusal opens the window)
    lines = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(lines) == 1 and "429 rate_limited" in lines[0]


def test_many_addresses_share_the_overall_quota(db: Database, still_clock: None) -> None:
    client = collector_app(db).test_client()
    statuses = []
    for i in range(60):
        env = {"REMOTE_ADDR": f"10.0.{i // 5}.{i % 5}"}  # 5 per address: under the per-address burst
        body = registration(generate_key(), f"m{i}", now=time.time())
        statuses.append(client.post(REGISTER, data=json.dumps(body), content_type="application/json",
                                    environ_base=env).status_code)
    assert statuses[:50] == [201] * 50 and set(statuses[50:]) == {429}


def test_refusal_summary_is_bounded(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "computescope.explorer.api.intake")
    refusals = RefusalLog(every_s=10.0)
    for i in range(4370):
        refusals.refused(429, "rate_limited", "1.2.3.4", 1000.0 + i / 1000)
    refusals.refused(401, "bad_signature", "5.6.7.8", 1011.0)
    assert refusals.total == {(429, "rate_limited"): 4370, (401, "bad_signature"): 1}
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["collector refused 1 writes since the last summary: 1 × 429 rate_limited; most from 1.2.3.4 (1)",
                     "collector refused 4370 writes since the last summary: 4369 × 429 rate_limited, 1 × 401 bad_signature;"
                     " most from 1.2.3.4 (4369)"]


def test_unproven_registrations_are_capped_then_pruned(db: Database) -> None:
    store = VerificationStore(db, VerifyParams(challenge_n=64, challenge_mean_s=1e12, max_unproven=3, unproven_ttl_s=3600),
                              rng=np.random.default_rng(7))
    keys = [generate_key() for _ in range(5)]
    proven = store.register(registration(keys[0], "p0"), NOW)
    assert answer(store, keys[0], proven["challenge"], NOW + 1)["verdict"] == "pass"
    for i in (1, 2, 3):
        store.register(registration(keys[i], f"u{i}", now=NOW + i), NOW + i)
    with pytest.raises(ReportRejected) as full:
        store.register(registration(keys[4], "u4", now=NOW + 10), NOW + 10)
    assert full.value.reason == "unverified_cap" and counts(db)["node_keys"] == 4
    # an hour on, the three that proved nothing are forgotten everywhere; the proven node stays
    later = NOW + 3700
    out = store.register(registration(keys[4], "u4", now=later), later)
    assert out["created"]
    rows = db.cursor().execute("select node_id from node_keys order by node_id").fetchall()
    assert rows == [("p0",), ("u4",)]
    for table in ("node_reports", "node_heartbeat_runs", "node_challenges", "node_standing", "nodes"):
        left = db.cursor().execute(f"select count(*) from {table} where node_id in ('u1', 'u2', 'u3')").fetchall()[0][0]
        assert left == 0, table


def test_the_cap_answers_429_over_http(db: Database) -> None:
    client = collector_app(db, params=VerifyParams(challenge_n=64, max_unproven=1)).test_client()
    assert post(client, REGISTER, registration(generate_key(), "a", now=time.time())).status_code == 201
    refused = post(client, REGISTER, registration(generate_key(), "b", now=time.time()))
    assert refused.status_code == 429 and refused.get_json()["reason"] == "unverified_cap" and refused.headers["Retry-After"] == "60"
