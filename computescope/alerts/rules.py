"""Alert rules, pure: whether a node's facts fire a rule, and which alerts and resolutions a new evaluation owes."""

from __future__ import annotations

from dataclasses import dataclass

RULES = ("offline", "challenge_failed", "availability_below", "ask_off_market", "slashed")
# (lowest, highest) threshold per rule, and its unit; None: the rule takes no threshold
THRESHOLDS: dict[str, tuple[float, float, str] | None] = {
    "offline": (1.0, 10_080.0, "minutes"),
    "challenge_failed": None,
    "availability_below": (0.0, 1.0, "fraction"),
    "ask_off_market": (0.0, 1_000.0, "percent"),
    "slashed": None,
}


@dataclass(frozen=True)
class Rule:
    kind: str
    threshold: float | None
    window_minutes: int


@dataclass(frozen=True)
class NodeFacts:
    """What the rules read about one node at one moment (None where the records hold nothing)."""

    network: str
    node_id: str
    minutes_silent: float | None          # since the last heartbeat; None when never heard
    last_verdict: str | None               # of the newest settled challenge
    last_reason: str | None                # why it failed (no_response is a missed challenge)
    failed_in_window: int                  # challenges failed or missed inside the window
    availability: float | None             # over the rule's window
    ask: float | None                      # USD per GPU-hour
    market_median: float | None            # median ask for the node's model
    slashed_in_window: float               # stake slashed inside the window (ledger units)


@dataclass(frozen=True)
class Transition:
    network: str
    node_id: str
    kind: str                              # alert | resolved
    detail: str


def check_rule(rule: Rule, facts: NodeFacts) -> str | None:
    """The reason the rule fires for this node, or None."""
    t = rule.threshold
    if rule.kind == "offline":
        if facts.minutes_silent is not None and t is not None and facts.minutes_silent > t:
            return f"no heartbeat for {facts.minutes_silent:.0f} minutes (more than {t:g})"
        return None
    if rule.kind == "challenge_failed":
        if facts.failed_in_window > 0:
            missed = " (missed)" if facts.last_reason == "no_response" else ""
            return f"{facts.failed_in_window} challenge(s) failed in the last {rule.window_minutes} minutes{missed}"
        return None
    if rule.kind == "availability_below":
        if facts.availability is not None and t is not None and facts.availability < t:
            return f"availability {facts.availability:.2%} over the last {rule.window_minutes} minutes, below {t:.2%}"
        return None
    if rule.kind == "ask_off_market":
        if facts.ask is None or not facts.market_median or t is None:
            return None
        off = (facts.ask - facts.market_median) / facts.market_median * 100
        if abs(off) > t:
            return f"ask ${facts.ask:.2f}/GPU-h is {off:+.1f}% from the market median ${facts.market_median:.2f} (limit ±{t:g}%)"
        return None
    if rule.kind == "slashed":
        if facts.slashed_in_window > 0:
            return f"{facts.slashed_in_window:,.0f} units of stake slashed in the last {rule.window_minutes} minutes"
        return None
    raise ValueError(f"unknown rule {rule.kind!r}; expected one of {', '.join(RULES)}")


@dataclass(frozen=True)
class Episode:
    """A node's open state under one subscription."""

    firing: bool
    notified: bool
    since_s: float
    last_alert_s: float | None


def transitions(rule: Rule, facts: list[NodeFacts], before: dict[tuple[str, str], Episode], now_s: float,
                min_interval_s: float) -> tuple[list[Transition], dict[tuple[str, str], Episode]]:
    """What to send now, and the episodes after: an alert when a node starts firing (unless one went out within
    `min_interval_s`), one "resolved" when an alerted episode ends; nothing while a state holds."""
    sent: list[Transition] = []
    after: dict[tuple[str, str], Episode] = {}
    for f in facts:
        key = (f.network, f.node_id)
        reason = check_rule(rule, f)
        old = before.get(key, Episode(False, False, now_s, None))
        if reason is not None and not old.firing:
            quiet = old.last_alert_s is not None and now_s - old.last_alert_s < min_interval_s
            if not quiet:
                sent.append(Transition(*key, "alert", reason))
            after[key] = Episode(True, not quiet, now_s, old.last_alert_s if quiet else now_s)
        elif reason is None and old.firing:
            if old.notified:
                sent.append(Transition(*key, "resolved", f"cleared after {(now_s - old.since_s) / 60:.0f} minutes"))
            after[key] = Episode(False, False, now_s, old.last_alert_s)
        else:
            after[key] = old
    return sent, after
