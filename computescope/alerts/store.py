"""Alert subscriptions, signed by an operator key, and their evaluation: rules over the verification records, deduplicated
episodes, deliveries logged."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import duckdb
import polars as pl

from computescope.alerts.deliver import Delivered, Retry, SmtpSettings, email, webhook
from computescope.alerts.rules import RULES, THRESHOLDS, Episode, NodeFacts, Rule, Transition, transitions
from computescope.core.verification.liveness import DEFAULT_GRACE
from computescope.core.verification.signing import ReportRejected, canonical_json, verify_report
from computescope.db import Database, write_text

SUBSCRIBE_KIND = "alert_subscribe"
UNSUBSCRIBE_KIND = "alert_unsubscribe"
CHANNELS = ("webhook", "email")
EMAIL = re.compile(r"[^@\s<>,;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
DEFAULT_WINDOW_MIN = 60
DEFAULT_INTERVAL_S = 3600


class SubscriptionRefused(ValueError):
    """A subscription that cannot be kept; the message says why, in one line."""


def _covers(cur: duckdb.DuckDBPyConnection, key: str) -> bool:
    rows = cur.execute("select count(*) from node_keys where public_key = ? or endorsed_by = ?", [key, key]).fetchall()
    return bool(rows[0][0])


def _number(payload: dict[str, Any], name: str, lo: float, hi: float, default: float | None) -> float | None:
    value = payload.get(name, default)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not lo <= value <= hi:
        raise SubscriptionRefused(f"{name} must be a number from {lo:g} to {hi:g}")
    return float(value)


def _rule(payload: dict[str, Any]) -> tuple[Rule, str, str, int]:
    kind = payload.get("rule")
    if kind not in RULES:
        raise SubscriptionRefused(f"rule must be one of {', '.join(RULES)}")
    bounds = THRESHOLDS[str(kind)]
    threshold = None if bounds is None else _number(payload, "threshold", bounds[0], bounds[1], None)
    if bounds is not None and threshold is None:
        raise SubscriptionRefused(f"rule {kind} needs a threshold in {bounds[2]} ({bounds[0]:g} to {bounds[1]:g})")
    window = int(_number(payload, "window_minutes", 1, 43_200, DEFAULT_WINDOW_MIN) or DEFAULT_WINDOW_MIN)
    interval = int(_number(payload, "min_interval_s", 0, 7 * 86_400, DEFAULT_INTERVAL_S) or 0)
    channel, target = payload.get("channel"), payload.get("target")
    if channel not in CHANNELS or not isinstance(target, str):
        raise SubscriptionRefused("channel must be webhook or email, with a target URL or address")
    if channel == "webhook":
        url = urlsplit(target)
        if url.scheme not in ("http", "https") or not url.hostname or len(target) > 2000:
            raise SubscriptionRefused("a webhook target is an http or https URL")
    elif not EMAIL.fullmatch(target):
        raise SubscriptionRefused("an email target is one address, name@domain")
    return Rule(str(kind), threshold, window), str(channel), target, interval


def subscribe(db: Database, envelope: Any, *, now: float | None = None, window_s: float = 300) -> dict[str, Any]:
    """Keep a subscription signed by an operator key that covers at least one node; returns its id and webhook secret (once).

    Raises ReportRejected (signature, key, clock, nonce) or SubscriptionRefused (the request itself).
    """
    now = time.time() if now is None else now
    cur = db.cursor()

    def seen(key: str, nonce: str) -> bool:
        try:
            cur.execute(write_text("alerts_nonce"), {"public_key": key, "nonce": nonce, "seen_at": datetime.fromtimestamp(now, UTC)})
        except duckdb.ConstraintException:
            return True
        return False

    report = verify_report(envelope, known_keys=lambda k: _covers(cur, k), seen_nonce=seen, now=now, window_s=window_s)
    kind = report.payload.get("kind")
    if kind == UNSUBSCRIBE_KIND:
        sid = report.payload.get("subscription_id")
        cur.execute(write_text("alerts_unsubscribe"), {"subscription_id": str(sid), "public_key": report.public_key})
        return {"subscription_id": sid, "active": False}
    if kind != SUBSCRIBE_KIND:
        raise ReportRejected("malformed", "kind")
    rule, channel, target, interval = _rule(report.payload)
    sid, secret = secrets.token_hex(12), secrets.token_hex(32)
    cur.execute(write_text("alerts_subscribe"), {
        "subscription_id": sid, "public_key": report.public_key, "rule": rule.kind, "threshold": rule.threshold,
        "window_minutes": rule.window_minutes, "channel": channel, "target": target, "secret": secret, "min_interval_s": interval,
        "created_at": datetime.fromtimestamp(now, UTC)})
    return {"subscription_id": sid, "rule": rule.kind, "threshold": rule.threshold, "window_minutes": rule.window_minutes,
            "channel": channel, "target": target, "min_interval_s": interval, "secret": secret, "active": True}


def facts(db: Database, key: str, now: float, window_s: int, grace: int = DEFAULT_GRACE) -> list[NodeFacts]:
    frame = db.frame("alerts_facts", {"key": key, "now": now, "window_s": window_s, "grace": grace})
    return [NodeFacts(**r) for r in frame.iter_rows(named=True)]


@dataclass
class Channels:
    """How deliveries leave: the SMTP server, the retry policy, and the pause between attempts (tests pass their own)."""

    smtp: SmtpSettings = field(default_factory=SmtpSettings.from_env)
    retry: Retry = field(default_factory=Retry)
    sleep: Callable[[float], None] = time.sleep

    def send(self, channel: str, target: str, secret: str, delivery_id: str, payload: dict[str, Any]) -> Delivered:
        if channel == "webhook":
            return webhook(target, payload, secret, delivery_id, retry=self.retry, sleep=self.sleep)
        word = "RESOLVED" if payload["kind"] == "resolved" else "ALERT"
        subject = f"[computescope] {word} {payload['rule']}: {payload['network']}/{payload['node_id']}"
        text = f"{payload['detail']}\n\n{canonical_json(payload).decode()}\n"
        return email(self.smtp, target, subject, text, retry=self.retry, sleep=self.sleep)


def _episodes(db: Database, sid: str) -> dict[tuple[str, str], Episode]:
    return {(r["network"], r["node_id"]): Episode(r["firing"], r["notified"], r["since_s"], r["last_alert_s"])
            for r in db.frame("alerts_state", {"subscription_id": sid}).iter_rows(named=True)}


def evaluate(db: Database, channels: Channels, *, now: float | None = None, grace: int = DEFAULT_GRACE) -> list[dict[str, Any]]:
    """One pass over every active subscription: new episodes alert, ended ones resolve, each delivery logged. Returns the log rows."""
    now = time.time() if now is None else now
    log: list[dict[str, Any]] = []
    for sub in db.frame("alerts_subscriptions").iter_rows(named=True):
        rule = Rule(sub["rule"], sub["threshold"], sub["window_minutes"])
        before = _episodes(db, sub["subscription_id"])
        due, after = transitions(rule, facts(db, sub["public_key"], now, rule.window_minutes * 60, grace), before, now, sub["min_interval_s"])
        cur = db.cursor()
        for key, ep in after.items():
            if before.get(key) != ep:
                cur.execute(write_text("alerts_state_put"), {"subscription_id": sub["subscription_id"], "network": key[0], "node_id": key[1],
                                                             "firing": ep.firing, "notified": ep.notified, "since_s": ep.since_s,
                                                             "detail": None, "last_alert_s": ep.last_alert_s})
        log += [_deliver(db, channels, sub, t, now) for t in due]
    return log


def _deliver(db: Database, channels: Channels, sub: dict[str, Any], t: Transition, now: float) -> dict[str, Any]:
    delivery_id = secrets.token_hex(12)
    payload = {"delivery_id": delivery_id, "subscription_id": sub["subscription_id"], "kind": t.kind, "rule": sub["rule"],
               "network": t.network, "node_id": t.node_id, "detail": t.detail,
               "at": datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    result = channels.send(sub["channel"], sub["target"], sub["secret"], delivery_id, payload)
    row = {"delivery_id": delivery_id, "subscription_id": sub["subscription_id"], "network": t.network, "node_id": t.node_id,
           "kind": t.kind, "rule": sub["rule"], "channel": sub["channel"], "target": sub["target"],
           "status": "delivered" if result.ok else "failed", "attempts": result.attempts, "error": result.error,
           "payload": json.dumps(payload, sort_keys=True), "created_s": now, "finished_s": time.time()}
    db.cursor().execute(write_text("alerts_delivery"), row)
    return row


def history(db: Database, *, key: str | None = None, operator: str | None = None, limit: int = 200) -> pl.DataFrame:
    return db.frame("alerts_history", {"key": key, "operator": operator, "limit": limit})
