"""Verification test helpers: signed registrations and reports, honest answers to challenges, table counts, a collector app."""

from __future__ import annotations

from typing import Any

import numpy as np
from flask import Flask
from flask.testing import FlaskClient
from nacl.signing import SigningKey

from computescope.agent.node import opening, solve
from computescope.core.verification.challenges import merkle_root
from computescope.core.verification.signing import (
    canonical_json,
    registration_payload,
    sign_report,
)
from computescope.db import Database
from computescope.explorer.api.intake import register_collector
from computescope.settings import Settings
from computescope.sources import load_settings
from computescope.verify.store import VerificationStore

TABLES = ("node_keys", "node_nonces", "node_reports", "node_heartbeat_runs", "node_challenges", "node_attestations",
          "node_standing", "node_events", "nodes")
NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z
HARDWARE = {"cpu_model": "AMD EPYC 7763 64-Core Processor", "cpu_cores": 8, "memory_gb": 64.0, "gpus": []}
MEASURED = {"cpu": {"gflops": 250.0, "gbps": 40.0}}


def counts(db: Database) -> dict[str, int]:
    cur = db.cursor()
    return {t: cur.execute(f"select count(*) from {t}").fetchall()[0][0] for t in TABLES}


def registration(key: SigningKey, node_id: str = "n1", *, now: float = NOW, **fields: Any) -> dict[str, Any]:
    payload = {"network": "localnet", "node_id": node_id, "operator": "ops", "hardware": HARDWARE, "measured": MEASURED,
               "agent": "test", **fields}
    return sign_report(key, registration_payload(**payload), now=now)


def report(key: SigningKey, payload: dict[str, Any], now: float = NOW) -> dict[str, Any]:
    return sign_report(key, payload, now=now)


def answer(store: VerificationStore, key: SigningKey, challenge: dict[str, Any], now: float, *, c: np.ndarray | None = None,
           cheat: float = 0.0, rng: np.random.Generator | None = None) -> dict[str, Any]:
    """Commit to C (honest unless given or cheating) and open the rows the store draws; returns the verdict."""
    result = solve(challenge, cheat, rng) if c is None else c
    commit = store.accept_report(report(key, {"kind": "commit", "challenge_id": challenge["id"], "root": merkle_root(result).hex()}, now), now)
    if "open" not in commit:
        return commit
    return store.accept_report(report(key, {"kind": "open", "challenge_id": challenge["id"], "rows": opening(result, commit["open"])}, now), now)


def collector_app(db: Database, settings: Settings | None = None, **kwargs: Any) -> Flask:
    app = Flask("collector-test")
    register_collector(app, db, settings or load_settings(environ={}), **kwargs)
    return app


def post(client: FlaskClient, path: str, envelope: Any) -> Any:
    data = envelope if isinstance(envelope, (bytes, str)) else canonical_json(envelope)
    return client.post(path, data=data, content_type="application/json")
