"""Signed reports: canonical bytes, key files, and every rejection reason."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from computescope.core.verification.signing import (
    ReportRejected,
    canonical_json,
    generate_key,
    load_or_create_key,
    public_key_hex,
    registration_payload,
    sign_report,
    verify_registration,
    verify_report,
)

NOW = 1_750_000_000.0
PAYLOAD = {"node": "n-1", "gpus": [{"model": "H100", "tflops": 712.5}], "uptime": 0.991, "note": "ünïcode"}


def _nonce_store() -> Callable[[str, str], bool]:
    seen: set[tuple[str, str]] = set()

    def seen_nonce(key: str, nonce: str) -> bool:
        if (key, nonce) in seen:
            return True
        seen.add((key, nonce))
        return False

    return seen_nonce


def _verify(
    env: Any, keys: set[str], seen: Callable[[str, str], bool] | None = None, now: float = NOW
) -> Any:
    return verify_report(env, known_keys=keys.__contains__, seen_nonce=seen or _nonce_store(), now=now)


def _reason(fn: Callable[[], Any]) -> tuple[str, str | None]:
    with pytest.raises(ReportRejected) as exc:
        fn()
    return exc.value.reason, exc.value.field


def test_canonical_json_bytes() -> None:
    assert canonical_json({"b": 1, "a": [1, 2.5, "é"], "c": {"z": None, "y": True}}) == (
        '{"a":[1,2.5,"é"],"b":1,"c":{"y":true,"z":null}}'.encode()
    )
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_round_trip() -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    assert env["public_key"] == public_key_hex(key) and len(env["nonce"]) == 32
    assert env["timestamp"] == int(NOW) and len(env["signature"]) == 128
    report = _verify(json.loads(json.dumps(env)), {public_key_hex(key)})
    assert report.payload == PAYLOAD
    assert (report.public_key, report.nonce, report.timestamp) == (env["public_key"], env["nonce"], int(NOW))


def test_signature_survives_key_reordering() -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    reordered = dict(reversed(list(env.items())))
    assert _verify(reordered, {public_key_hex(key)}).payload == PAYLOAD


def test_tampered_payload_is_a_bad_signature() -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    env["uptime"] = 0.999
    assert _reason(lambda: _verify(env, {public_key_hex(key)})) == ("bad_signature", None)


def test_forged_report_for_a_known_key_is_a_bad_signature() -> None:
    victim, attacker = generate_key(), generate_key()
    env = sign_report(attacker, PAYLOAD, now=NOW)
    env["public_key"] = public_key_hex(victim)
    assert _reason(lambda: _verify(env, {public_key_hex(victim)})) == ("bad_signature", None)


def test_tampered_timestamp_is_a_bad_signature() -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    env["timestamp"] += 1
    assert _reason(lambda: _verify(env, {public_key_hex(key)})) == ("bad_signature", None)


@pytest.mark.parametrize("signature", [None, ""])
def test_unsigned(signature: str | None) -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    env["signature"] = signature
    assert _reason(lambda: _verify(env, {public_key_hex(key)}))[0] == "unsigned"
    del env["signature"]
    assert _reason(lambda: _verify(env, {public_key_hex(key)}))[0] == "unsigned"


def test_unknown_key() -> None:
    env = sign_report(generate_key(), PAYLOAD, now=NOW)
    assert _reason(lambda: _verify(env, {public_key_hex(generate_key())})) == ("unknown_key", None)


def test_replayed_nonce() -> None:
    key = generate_key()
    keys, seen = {public_key_hex(key)}, _nonce_store()
    env = sign_report(key, PAYLOAD, now=NOW)
    _verify(env, keys, seen)
    assert _reason(lambda: _verify(env, keys, seen)) == ("replayed_nonce", None)
    # A different key may reuse the same nonce value.
    other = generate_key()
    _verify(sign_report(other, PAYLOAD, now=NOW, nonce=env["nonce"]), {public_key_hex(other)}, seen)


def test_rejected_reports_do_not_burn_nonces() -> None:
    key = generate_key()
    keys, seen = {public_key_hex(key)}, _nonce_store()
    env = sign_report(key, PAYLOAD, now=NOW)
    stale = {**env, "uptime": 0.5}
    _reason(lambda: _verify(stale, keys, seen))
    assert _verify(env, keys, seen).nonce == env["nonce"]


@pytest.mark.parametrize("skew", [-301, 301, -10_000])
def test_expired(skew: float) -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    assert _reason(lambda: _verify(env, {public_key_hex(key)}, now=NOW + skew))[0] == "expired"


def test_inside_the_window_is_fine() -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    assert _verify(env, {public_key_hex(key)}, now=NOW + 300).timestamp == int(NOW)
    assert _verify(env, {public_key_hex(key)}, now=NOW - 299.5).timestamp == int(NOW)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e.pop("nonce"), "nonce"),
        (lambda e: e.update(nonce="zz" * 16), "nonce"),
        (lambda e: e.pop("public_key"), "public_key"),
        (lambda e: e.update(public_key="ab" * 31), "public_key"),
        (lambda e: e.update(timestamp=str(int(NOW))), "timestamp"),
        (lambda e: e.update(timestamp=True), "timestamp"),
        (lambda e: e.pop("timestamp"), "timestamp"),
        (lambda e: e.update(signature=12345), "signature"),
        (lambda e: e.update(signature="00" * 10), "signature"),
        (lambda e: e.update(extra=float("inf")), "payload"),
    ],
)
def test_malformed_names_the_field(change: Callable[[dict[str, Any]], Any], field: str) -> None:
    key = generate_key()
    env = sign_report(key, PAYLOAD, now=NOW)
    change(env)
    assert _reason(lambda: _verify(env, {public_key_hex(key)})) == ("malformed", field)


def test_malformed_envelope() -> None:
    assert _reason(lambda: _verify(["not", "a", "dict"], set())) == ("malformed", "envelope")


def test_reserved_payload_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="nonce"):
        sign_report(generate_key(), {"nonce": "mine"})


def test_key_file_is_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    key = load_or_create_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(bytes.fromhex(path.read_text().strip())) == 32
    assert bytes(load_or_create_key(path)) == bytes(key)
    path.write_text("abcd\n")
    with pytest.raises(ValueError):
        load_or_create_key(path)


def test_registration_proof_of_possession() -> None:
    key = generate_key()
    env = sign_report(key, registration_payload(node="n-1", gpus=8), now=NOW)
    reg = verify_registration(env, seen_nonce=_nonce_store(), now=NOW)
    assert reg.public_key == public_key_hex(key) and reg.payload["gpus"] == 8


def test_registration_of_someone_elses_key_fails() -> None:
    mine, theirs = generate_key(), generate_key()
    env = sign_report(mine, registration_payload(node="n-1"), now=NOW)
    env["public_key"] = public_key_hex(theirs)
    with pytest.raises(ReportRejected) as exc:
        verify_registration(env, seen_nonce=_nonce_store(), now=NOW)
    assert exc.value.reason == "bad_signature"


def test_ordinary_report_is_not_a_registration() -> None:
    env = sign_report(generate_key(), PAYLOAD, now=NOW)
    with pytest.raises(ReportRejected) as exc:
        verify_registration(env, seen_nonce=_nonce_store(), now=NOW)
    assert (exc.value.reason, exc.value.field) == ("malformed", "kind")
    unsigned = {k: v for k, v in sign_report(generate_key(), registration_payload(), now=NOW).items()}
    unsigned.pop("signature")
    with pytest.raises(ReportRejected) as exc:
        verify_registration(unsigned, seen_nonce=_nonce_store(), now=NOW)
    assert exc.value.reason == "unsigned"
