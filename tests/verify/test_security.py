"""The only write routes refuse anything not signed by a registered key, fresh and unreplayed, and then write nothing."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from flask.testing import FlaskClient
from nacl.signing import SigningKey

from computescope.core.verification.signing import canonical_json, generate_key, public_key_hex, sign_report
from computescope.db import Database
from computescope.explorer.api.intake import RateGuard
from computescope.sources import load_settings
from computescope.verify.params import VerifyParams
from tests.support.verify import collector_app, counts, post, registration

REGISTER, REPORTS = "/api/v1/nodes/register", "/api/v1/reports"


def _now_registration(key: SigningKey, node_id: str = "n1", **kw: Any) -> dict[str, Any]:
    return registration(key, node_id, now=time.time(), **kw)


def _beat(key: SigningKey, *, now: float | None = None, nonce: str | None = None) -> dict[str, Any]:
    return sign_report(key, {"kind": "heartbeat", "seq": 1}, now=time.time() if now is None else now, nonce=nonce)


@pytest.fixture
def registered(client: FlaskClient, key: SigningKey) -> SigningKey:
    assert post(client, REGISTER, _now_registration(key)).status_code == 201
    return key


def _refused(client: FlaskClient, db: Database, path: str, body: Any, status: int, reason: str, field: str | None = None) -> None:
    before = counts(db)
    response = post(client, path, body)
    assert response.status_code == status, response.get_json()
    got = response.get_json()
    assert got["reason"] == reason and got["field"] == field
    assert counts(db) == before


def test_a_good_heartbeat_is_accepted(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    before = counts(db)
    response = post(client, REPORTS, _beat(registered))
    assert response.status_code == 200 and response.get_json()["accepted"] == "heartbeat"
    assert counts(db)["node_reports"] == before["node_reports"] + 1


def test_forged_signature(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    forged = _beat(registered)
    forged["signature"] = generate_key().sign(b"something else").signature.hex()
    _refused(client, db, REPORTS, forged, 401, "bad_signature")


def test_tampered_payload(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    tampered = _beat(registered)
    tampered["seq"] = 2
    _refused(client, db, REPORTS, tampered, 401, "bad_signature")
    reg = _now_registration(generate_key(), "n2")
    reg["node_id"] = "n1"  # a registration re-pointed at someone else's node
    _refused(client, db, REGISTER, reg, 401, "bad_signature")


def test_unsigned(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    unsigned = _beat(registered)
    del unsigned["signature"]
    _refused(client, db, REPORTS, unsigned, 401, "unsigned")
    _refused(client, db, REPORTS, {**_beat(registered), "signature": ""}, 401, "unsigned")


def test_unknown_key(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    _refused(client, db, REPORTS, _beat(generate_key()), 401, "unknown_key")


def test_replayed_nonce(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    beat = _beat(registered)
    assert post(client, REPORTS, beat).status_code == 200
    _refused(client, db, REPORTS, beat, 401, "replayed_nonce")
    again = _beat(registered, nonce=beat["nonce"])  # freshly signed, same nonce
    _refused(client, db, REPORTS, again, 401, "replayed_nonce")


def test_expired_and_future_timestamps(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    _refused(client, db, REPORTS, _beat(registered, now=time.time() - 400), 401, "expired")
    _refused(client, db, REPORTS, _beat(registered, now=time.time() + 400), 401, "expired")
    _refused(client, db, REGISTER, registration(generate_key(), "n9", now=time.time() - 3600), 401, "expired")


def test_oversize_body_is_413_before_parsing(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    _refused(client, db, REPORTS, b"{" + b" " * (1 << 20) + b"}", 413, "too_large")
    _refused(client, db, REGISTER, b"x" * ((1 << 20) + 1), 413, "too_large")


@pytest.mark.parametrize(
    ("path", "mutate", "field"),
    [
        (REPORTS, lambda e: b"{not json", "body"),
        (REPORTS, lambda e: b"[1, 2]", "envelope"),
        (REPORTS, lambda e: b'{"signature": NaN}', "body"),
        (REPORTS, lambda e: {**e, "nonce": "xyz"}, "nonce"),
        (REPORTS, lambda e: {**e, "timestamp": "yesterday"}, "timestamp"),
        (REPORTS, lambda e: {**e, "public_key": "00"}, "public_key"),
    ],
)
def test_malformed_envelopes_are_400_naming_the_field(client: FlaskClient, registered: SigningKey, db: Database, path: str,
                                                      mutate: Any, field: str) -> None:
    _refused(client, db, path, mutate(_beat(registered)), 400, "malformed", field)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "heartbeat"}, "seq"),
        ({"kind": "teleport"}, "kind"),
        ({"kind": "commit", "challenge_id": "../etc", "root": "00" * 32}, "challenge_id"),
        ({"kind": "commit", "challenge_id": "0" * 32, "root": "zz"}, "root"),
        ({"kind": "open", "challenge_id": "0" * 32, "rows": [{"index": 1, "row": ["a"], "proof": []}]}, "rows[0].row"),
        ({"kind": "probe", "hardware": {"cpu_cores": 0, "memory_gb": 1}}, "hardware.cpu_cores"),
    ],
)
def test_signed_but_malformed_reports_are_400_naming_the_field(client: FlaskClient, registered: SigningKey, db: Database,
                                                               payload: dict[str, Any], field: str) -> None:
    _refused(client, db, REPORTS, sign_report(registered, payload), 400, "malformed", field)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"network": "moon"}, "network"),
        ({"node_id": "a b"}, "node_id"),
        ({"operator": "<script>"}, "operator"),
        ({"hardware": {"cpu_cores": 4, "memory_gb": 8, "gpus": [{"name": ""}]}}, "hardware.gpus[0].name"),
        ({"measured": {"cpu": {"gflops": -1}}}, "measured.cpu.gflops"),
    ],
)
def test_malformed_registrations_are_400_naming_the_field(client: FlaskClient, db: Database, fields: dict[str, Any], field: str) -> None:
    _refused(client, db, REGISTER, _now_registration(generate_key(), **fields), 400, "malformed", field)


def test_a_registration_must_be_signed_by_the_key_it_registers(client: FlaskClient, db: Database) -> None:
    reg = _now_registration(generate_key())
    reg["public_key"] = public_key_hex(generate_key())
    _refused(client, db, REGISTER, reg, 401, "bad_signature")
    report = sign_report(generate_key(), {"kind": "heartbeat", "seq": 1})
    _refused(client, db, REGISTER, report, 400, "malformed", "kind")


def test_allowlist_refuses_an_unknown_operator_key(db: Database) -> None:
    allowed, stranger = generate_key(), generate_key()
    settings = load_settings(environ={"COMPUTESCOPE_REGISTRATION": "allowlist", "COMPUTESCOPE_OPERATOR_KEYS": public_key_hex(allowed)})
    client = collector_app(db, settings).test_client()
    _refused(client, db, REGISTER, _now_registration(stranger, "n2"), 401, "not_allowlisted")
    assert post(client, REGISTER, _now_registration(allowed)).status_code == 201


def test_a_concurrent_replay_is_accepted_once(registered: SigningKey, db: Database, client: FlaskClient) -> None:
    beat = _beat(registered)
    body = canonical_json(beat)
    before = counts(db)
    statuses: list[tuple[int, str | None]] = []
    app = client.application

    def send() -> None:
        response = app.test_client().post(REPORTS, data=body, content_type="application/json")
        statuses.append((response.status_code, response.get_json().get("reason")))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses, key=str) == [(200, None)] + [(401, "replayed_nonce")] * 7
    after = counts(db)
    assert after["node_reports"] == before["node_reports"] + 1 and after["node_nonces"] == before["node_nonces"] + 1


def test_the_rate_guard_answers_429_and_writes_nothing(db: Database, key: SigningKey) -> None:
    client = collector_app(db, params=VerifyParams(challenge_n=64), guard=RateGuard(0.001, 2)).test_client()
    assert post(client, REGISTER, _now_registration(key)).status_code == 201
    assert post(client, REPORTS, _beat(key)).status_code == 200
    _refused(client, db, REPORTS, _beat(key), 429, "rate_limited")


def test_write_routes_take_only_post_and_read_routes_only_get(client: FlaskClient, registered: SigningKey, db: Database) -> None:
    before = counts(db)
    for path in (REGISTER, REPORTS):
        for method in ("get", "put", "patch", "delete"):
            assert getattr(client, method)(path).status_code == 405
    for path in ("/api/v1/nodes", "/api/v1/nodes/localnet/n1"):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path, data=json.dumps({"status": "down"}), content_type="application/json")
            assert response.status_code == 405, (path, method)
    assert counts(db) == before
    assert client.get("/api/v1/nodes/localnet/n1").get_json()["node"]["operator"] == "ops"
