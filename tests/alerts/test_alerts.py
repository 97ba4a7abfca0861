"""Operator alerts end to end: a signed subscription, the node's heartbeats stop and resume, one alert and one "resolved"
reach a real webhook receiver and a real SMTP server on 127.0.0.1; retries against a receiver that is down; every rule."""

from __future__ import annotations

import hashlib
import hmac
import json

import numpy as np
import pytest
from nacl.signing import SigningKey

from computescope.alerts.deliver import SIGNATURE_HEADER, Retry, SmtpSettings
from computescope.alerts.rules import NodeFacts, Rule, check_rule, transitions
from computescope.alerts.store import (
    SUBSCRIBE_KIND,
    Channels,
    SubscriptionRefused,
    evaluate,
    history,
    subscribe,
)
from computescope.core.verification.signing import ReportRejected, generate_key, sign_report
from computescope.db import Database
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.receivers import closed_port_url, smtp_server, webhook_receiver
from tests.support.verify import NOW, registration, report

MIN = 60.0


@pytest.fixture
def node_key(db: Database) -> SigningKey:
    """A registered node whose own key is its operator's key; it beats once a minute for ten minutes from NOW."""
    key = generate_key()
    store = VerificationStore(db, VerifyParams(challenge_n=64, challenge_mean_s=1e12), rng=np.random.default_rng(3))
    store.register(registration(key, "edge-1", now=NOW), NOW)
    for m in range(1, 11):
        store.accept_report(report(key, {"kind": "heartbeat", "seq": m}, NOW + m * MIN), NOW + m * MIN)
    return key


def _subscribe(db: Database, key: SigningKey, now: float, **fields: object) -> dict[str, object]:
    return subscribe(db, sign_report(key, {"kind": SUBSCRIBE_KIND, **fields}, now=now), now=now)


def _beat(db: Database, key: SigningKey, at: float) -> None:
    VerificationStore(db, VerifyParams(challenge_n=64, challenge_mean_s=1e12)).accept_report(report(key, {"kind": "heartbeat", "seq": int(at)}, at), at)


def test_an_outage_is_one_alert_and_one_resolution_by_webhook_and_email(db: Database, node_key: SigningKey) -> None:
    t0 = NOW + 10 * MIN
    channels = Channels(smtp=SmtpSettings(), retry=Retry(attempts=3, backoff_s=0.01, timeout_s=5), sleep=lambda _s: None)
    with webhook_receiver() as hook, smtp_server() as mail:
        channels.smtp = SmtpSettings(host="127.0.0.1", port=mail.port, sender="alerts@computescope.test")
        web = _subscribe(db, node_key, t0, rule="offline", threshold=5, channel="webhook", target=hook.url, min_interval_s=0)
        _subscribe(db, node_key, t0, rule="offline", threshold=5, channel="email", target="ops@example.org", min_interval_s=0)
        # heartbeats stop at t0; the scheduler evaluates every minute for 20 minutes, then they resume
        sent = [evaluate(db, channels, now=t0 + m * MIN) for m in range(1, 21)]
        assert [len(s) for s in sent].count(2) == 1 and sum(len(s) for s in sent) == 2
        assert sent[5][0]["kind"] == "alert"  # silent 6 minutes: more than 5
        for m in range(21, 40):
            _beat(db, node_key, t0 + m * MIN)
            evaluate(db, channels, now=t0 + m * MIN + 1)
        kinds = [json.loads(body)["kind"] for body, _ in hook.received]
        assert kinds == ["alert", "resolved"]
        body, headers = hook.received[0]
        expected = "sha256=" + hmac.new(bytes.fromhex(str(web["secret"])), body, hashlib.sha256).hexdigest()
        assert headers[SIGNATURE_HEADER] == expected
        assert json.loads(body)["node_id"] == "edge-1"
        subjects = [m["Subject"] for m in mail.messages]
        assert subjects == ["[computescope] ALERT offline: localnet/edge-1", "[computescope] RESOLVED offline: localnet/edge-1"]
        assert all(m["To"] == "ops@example.org" for m in mail.messages)
    log = history(db, operator="ops")
    assert sorted(zip(log["channel"], log["kind"], log["status"], strict=True)) == [
        ("email", "alert", "delivered"), ("email", "resolved", "delivered"), ("webhook", "alert", "delivered"), ("webhook", "resolved", "delivered")]


def test_a_receiver_that_is_down_is_retried_then_the_failure_is_logged(db: Database, node_key: SigningKey) -> None:
    t0 = NOW + 10 * MIN
    pauses: list[float] = []
    channels = Channels(smtp=SmtpSettings(), retry=Retry(attempts=4, backoff_s=0.5, timeout_s=2), sleep=pauses.append)
    _subscribe(db, node_key, t0, rule="offline", threshold=5, channel="webhook", target=closed_port_url())
    rows = evaluate(db, channels, now=t0 + 6 * MIN)
    assert [(r["status"], r["attempts"]) for r in rows] == [("failed", 4)]
    assert rows[0]["error"].startswith("ConnectionError")
    assert pauses == [0.5, 1.0, 2.0]
    assert evaluate(db, channels, now=t0 + 7 * MIN) == []  # the episode is open: no second alert


def test_a_flaky_receiver_gets_the_alert_once(db: Database, node_key: SigningKey) -> None:
    t0 = NOW + 10 * MIN
    channels = Channels(smtp=SmtpSettings(), retry=Retry(attempts=3, backoff_s=0.01), sleep=lambda _s: None)
    with webhook_receiver([503, 200]) as hook:
        _subscribe(db, node_key, t0, rule="offline", threshold=5, channel="webhook", target=hook.url)
        first = evaluate(db, channels, now=t0 + 6 * MIN)
        again = evaluate(db, channels, now=t0 + 6 * MIN)  # a duplicate evaluation of the same moment
        assert [(r["status"], r["attempts"]) for r in first] == [("delivered", 2)] and again == []
        assert len({json.loads(b)["delivery_id"] for b, _ in hook.received}) == 1


def test_subscriptions_are_signed_by_a_key_that_covers_a_node(db: Database, node_key: SigningKey) -> None:
    stranger = generate_key()
    with pytest.raises(ReportRejected, match="unknown_key"):
        _subscribe(db, stranger, NOW, rule="slashed", channel="email", target="a@b.org")
    envelope = sign_report(node_key, {"kind": SUBSCRIBE_KIND, "rule": "slashed", "channel": "email", "target": "a@b.org"}, now=NOW)
    subscribe(db, envelope, now=NOW)
    with pytest.raises(ReportRejected, match="replayed_nonce"):
        subscribe(db, envelope, now=NOW)
    forged = dict(envelope, target="thief@evil.org")
    with pytest.raises(ReportRejected, match="bad_signature"):
        subscribe(db, forged, now=NOW)
    for fields, why in (({"rule": "offline", "channel": "email", "target": "a@b.org"}, "needs a threshold"),
                        ({"rule": "reboot", "channel": "email", "target": "a@b.org"}, "rule must be one of"),
                        ({"rule": "slashed", "channel": "webhook", "target": "file:///etc/passwd"}, "http or https"),
                        ({"rule": "slashed", "channel": "email", "target": "not an address"}, "one address")):
        with pytest.raises(SubscriptionRefused, match=why):
            _subscribe(db, node_key, NOW, **fields)
    assert [(r["rule"], r["status"], r["error"]) for r in evaluate(db, Channels(smtp=SmtpSettings()), now=NOW)] == []


def _facts(**kw: object) -> NodeFacts:
    base = {"network": "localnet", "node_id": "n", "minutes_silent": 1.0, "last_verdict": "pass", "last_reason": None,
            "failed_in_window": 0, "availability": 1.0, "ask": 2.0, "market_median": 2.0, "slashed_in_window": 0.0}
    return NodeFacts(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "quiet", "firing", "says"), [
    (Rule("offline", 5, 60), _facts(minutes_silent=5.0), _facts(minutes_silent=5.5), "no heartbeat for 6 minutes (more than 5)"),
    (Rule("challenge_failed", None, 60), _facts(), _facts(failed_in_window=1, last_verdict="fail", last_reason="no_response"),
     "1 challenge(s) failed in the last 60 minutes (missed)"),
    (Rule("availability_below", 0.99, 1440), _facts(availability=0.99), _facts(availability=0.985),
     "availability 98.50% over the last 1440 minutes, below 99.00%"),
    (Rule("ask_off_market", 20, 60), _facts(ask=2.4), _facts(ask=2.5), "ask $2.50/GPU-h is +25.0% from the market median $2.00 (limit ±20%)"),
    (Rule("slashed", None, 60), _facts(), _facts(slashed_in_window=33.3), "33 units of stake slashed in the last 60 minutes"),
])
def test_every_rule(rule: Rule, quiet: NodeFacts, firing: NodeFacts, says: str) -> None:
    assert check_rule(rule, quiet) is None
    assert check_rule(rule, firing) == says


def test_a_flapping_node_is_rate_limited() -> None:
    rule = Rule("offline", 5, 60)
    up, down = _facts(minutes_silent=1.0), _facts(minutes_silent=9.0)
    state: dict = {}
    sent = []
    for i, f in enumerate([down, up, down, up, down]):
        due, state = transitions(rule, [f], state, 1000.0 + i * 60, min_interval_s=600)
        sent += [t.kind for t in due]
    assert sent == ["alert", "resolved"]  # the later episodes fall inside ten minutes of the alert
