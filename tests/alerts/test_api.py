"""The alert routes: a signed subscription is kept (201), anything else is refused with a one-line reason; history by key."""

from __future__ import annotations

import time

import numpy as np
from flask import Flask

from computescope.alerts.store import SUBSCRIBE_KIND
from computescope.core.verification.signing import generate_key, public_key_hex, sign_report
from computescope.db import Database
from computescope.explorer.api.alerts import register_alerts
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.verify import registration


def test_subscribe_list_and_refuse(db: Database) -> None:
    now = time.time()
    key = generate_key()
    VerificationStore(db, VerifyParams(challenge_n=64), rng=np.random.default_rng(1)).register(registration(key, "api-1", now=now), now)
    app = Flask(__name__)
    register_alerts(app, db)
    client = app.test_client()
    body = sign_report(key, {"kind": SUBSCRIBE_KIND, "rule": "offline", "threshold": 5, "channel": "email", "target": "ops@example.org"})
    kept = client.post("/api/v1/alerts/subscriptions", json=body)
    assert kept.status_code == 201 and kept.get_json()["rule"] == "offline" and len(kept.get_json()["secret"]) == 64
    assert client.post("/api/v1/alerts/subscriptions", json=body).get_json()["reason"] == "replayed_nonce"
    stranger = sign_report(generate_key(), {"kind": SUBSCRIBE_KIND, "rule": "slashed", "channel": "email", "target": "a@b.org"})
    assert client.post("/api/v1/alerts/subscriptions", json=stranger).status_code == 401
    bad = sign_report(key, {"kind": SUBSCRIBE_KIND, "rule": "offline", "channel": "email", "target": "ops@example.org"})
    refused = client.post("/api/v1/alerts/subscriptions", json=bad)
    assert refused.status_code == 400 and "needs a threshold" in refused.get_json()["error"]
    assert client.post("/api/v1/alerts/subscriptions", data=b"{not json").status_code == 400
    assert client.post("/api/v1/alerts/subscriptions", data=b"x" * 70_000).status_code == 413
    assert client.get("/api/v1/alerts/subscriptions").status_code == 405
    listed = client.get(f"/api/v1/alerts/deliveries?key={public_key_hex(key)}")
    assert listed.status_code == 200 and listed.get_json() == []
    assert client.get("/api/v1/alerts/deliveries").status_code == 400
    assert client.get("/api/v1/alerts/deliveries?key=nothex").status_code == 400
