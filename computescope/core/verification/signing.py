"""Signed node reports: canonical JSON, Ed25519 envelopes, replay and clock checks, proof of possession."""

from __future__ import annotations

import json
import math
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

ENVELOPE_FIELDS = ("public_key", "nonce", "timestamp", "signature")
REGISTRATION_KIND = "register"
_HEX = frozenset("0123456789abcdef")


class ReportRejected(Exception):
    """A report failed verification; `reason` is a stable code, `field` names the culprit when malformed."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{reason}: {field}" if field else reason)
        self.reason = reason
        self.field = field


@dataclass(frozen=True)
class VerifiedReport:
    """A report whose signature, key, clock and nonce checks all passed."""

    public_key: str
    nonce: str
    timestamp: int
    payload: dict[str, Any]


def canonical_json(obj: Any) -> bytes:
    """Canonical bytes: sorted keys, no spaces, UTF-8, no NaN or infinity."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def generate_key() -> SigningKey:
    """A fresh Ed25519 signing key."""
    return SigningKey.generate()


def public_key_hex(key: SigningKey | VerifyKey) -> str:
    """Hex of the 32-byte Ed25519 public key."""
    vk = key.verify_key if isinstance(key, SigningKey) else key
    return bytes(vk).hex()


def load_or_create_key(path: str | os.PathLike[str]) -> SigningKey:
    """Load the key whose 32-byte seed is stored as hex at `path`, creating it (mode 0600) if absent."""
    p = Path(path)
    try:
        # O_EXCL: two processes starting at once cannot both write a key; the loser reads the winner's.
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        seed = bytes.fromhex(p.read_text().strip())
        if len(seed) != 32:
            raise ValueError(f"{p}: expected a 32-byte hex seed") from None
        return SigningKey(seed)
    key = generate_key()
    with os.fdopen(fd, "w") as fh:
        fh.write(bytes(key).hex() + "\n")
    return key


def sign_report(
    signing_key: SigningKey, payload: dict[str, Any], *, now: float | None = None, nonce: str | None = None
) -> dict[str, Any]:
    """Envelope = payload + public_key, nonce, timestamp, and a signature over the canonical bytes of the rest."""
    clash = [k for k in ENVELOPE_FIELDS if k in payload]
    if clash:
        raise ValueError(f"payload uses reserved field(s): {', '.join(clash)}")
    body = dict(payload)
    body["public_key"] = public_key_hex(signing_key)
    body["nonce"] = nonce if nonce is not None else secrets.token_hex(16)
    body["timestamp"] = int(time.time() if now is None else now)
    body["signature"] = signing_key.sign(canonical_json(body)).signature.hex()
    return body


def _hex_field(env: dict[str, Any], name: str, n_bytes: int) -> str:
    value = env.get(name)
    if not isinstance(value, str) or len(value) != 2 * n_bytes or not set(value) <= _HEX:
        raise ReportRejected("malformed", name)
    return value


def _check_signature(envelope: Any) -> tuple[str, str, int, dict[str, Any], bytes]:
    if not isinstance(envelope, dict):
        raise ReportRejected("malformed", "envelope")
    if envelope.get("signature") in (None, ""):
        raise ReportRejected("unsigned")
    signature = _hex_field(envelope, "signature", 64)
    key = _hex_field(envelope, "public_key", 32)
    nonce = _hex_field(envelope, "nonce", 16)
    ts = envelope.get("timestamp")
    if not isinstance(ts, int) or isinstance(ts, bool):
        raise ReportRejected("malformed", "timestamp")
    body = {k: v for k, v in envelope.items() if k != "signature"}
    try:
        message = canonical_json(body)
    except (TypeError, ValueError):
        raise ReportRejected("malformed", "payload") from None
    return key, nonce, ts, body, bytes.fromhex(signature) + message


def _verify(
    envelope: Any,
    known_keys: Callable[[str], bool] | None,
    seen_nonce: Callable[[str, str], bool],
    now: float,
    window_s: float,
) -> VerifiedReport:
    key, nonce, ts, body, signed = _check_signature(envelope)
    if known_keys is not None and not known_keys(key):
        raise ReportRejected("unknown_key")
    try:
        VerifyKey(bytes.fromhex(key)).verify(signed)
    except (CryptoError, ValueError):
        # ValueError too: some 32-byte strings are not valid curve points.
        raise ReportRejected("bad_signature") from None
    if not math.isfinite(now) or abs(ts - now) > window_s:
        raise ReportRejected("expired")
    # Only after the signature and clock pass, so forged or stale reports never burn a nonce.
    if seen_nonce(key, nonce):
        raise ReportRejected("replayed_nonce")
    payload = {k: v for k, v in body.items() if k not in ENVELOPE_FIELDS}
    return VerifiedReport(key, nonce, ts, payload)


def verify_report(
    envelope: Any,
    *,
    known_keys: Callable[[str], bool],
    seen_nonce: Callable[[str, str], bool],
    now: float,
    window_s: float = 300,
) -> VerifiedReport:
    """Verify a signed report from a registered node.

    `seen_nonce(key, nonce)` must return True if the pair was seen before and record it (check-and-set).
    Raises ReportRejected with reason unsigned | malformed | unknown_key | bad_signature | expired | replayed_nonce.
    """
    return _verify(envelope, known_keys, seen_nonce, now, window_s)


def verify_registration(
    envelope: Any, *, seen_nonce: Callable[[str, str], bool], now: float, window_s: float = 300
) -> VerifiedReport:
    """Proof of possession: a registration (kind "register") signed by the very key it registers."""
    if isinstance(envelope, dict) and envelope.get("kind") != REGISTRATION_KIND and "signature" in envelope:
        raise ReportRejected("malformed", "kind")
    return _verify(envelope, None, seen_nonce, now, window_s)


def registration_payload(**fields: Any) -> dict[str, Any]:
    """A payload marked as a registration, ready for sign_report."""
    return {"kind": REGISTRATION_KIND, **fields}


ENDORSEMENT_KIND = "endorse"


def endorsement_message(network: str, node_id: str, node_key: str) -> bytes:
    """What an operator signs to admit one node key, as one node id, into one network's figures."""
    return canonical_json({"kind": ENDORSEMENT_KIND, "network": network, "node_id": node_id, "node_key": node_key})


def endorse(operator_key: SigningKey, network: str, node_id: str, node_key: str) -> dict[str, str]:
    """An operator's endorsement of a node, carried in the node's registration payload."""
    signature = operator_key.sign(endorsement_message(network, node_id, node_key)).signature.hex()
    return {"operator_key": public_key_hex(operator_key), "signature": signature}


def verify_endorsement(endorsement: Any, network: str, node_id: str, node_key: str) -> str:
    """The operator key whose valid signature admits this node to this network; ReportRejected otherwise."""
    if not isinstance(endorsement, dict):
        raise ReportRejected("malformed", "endorsement")
    operator = _hex_field(endorsement, "operator_key", 32)
    signature = _hex_field(endorsement, "signature", 64)
    try:
        VerifyKey(bytes.fromhex(operator)).verify(endorsement_message(network, node_id, node_key), bytes.fromhex(signature))
    except (CryptoError, ValueError):
        raise ReportRejected("bad_endorsement") from None
    return operator
