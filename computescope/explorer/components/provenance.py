"""Every figure names its source and age: 'Akash Console API · 3 h ago', exact time on hover, stale marked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import dash_mantine_components as dmc
from dash import html

from computescope.explorer import fmt
from computescope.sources import SOURCES


def source_title(source: str, source_url: str | None = None) -> str:
    if source == "snapshot":
        host = urlparse(source_url or "").netloc.removeprefix("www.")
        return f"Snapshot · {host}" if host else "Bundled snapshot"
    module = SOURCES.get(source)
    return module.IDENTITY.title if module else source


def is_stale(source: str, observed_at: datetime | None, now: datetime | None = None) -> bool:
    """Older than twice its source's interval; the snapshot is dated, not polled, so it is never 'stale'."""
    module = SOURCES.get(source)
    if observed_at is None or module is None or module.IDENTITY.interval_minutes <= 0:
        return False
    return (now or datetime.now(UTC)) - observed_at > timedelta(minutes=2 * module.IDENTITY.interval_minutes)


def provenance(source: str | None, source_url: str | None, observed_at: datetime | None, *, prefix: str = "") -> html.Span:
    if source is None:
        return html.Span("")
    title = source_title(source, source_url)
    when = f"as of {observed_at:%Y-%m-%d}" if source == "snapshot" and observed_at else fmt.age(observed_at)
    label = f"{prefix}{title} · {when}"
    link = html.A(label, href=source_url, target="_blank", rel="noopener") if source_url and source_url.startswith("http") else label
    children: list = [link]
    if is_stale(source, observed_at):
        children.append(dmc.Badge("stale", color="orange", variant="light", size="xs", ml=6))
    return html.Span(children, className="provenance", title=f"observed {fmt.exact_time(observed_at)}")


def missing(reason: str) -> html.Span:
    return html.Span(fmt.DASH, className="missing", title=reason, **{"aria-label": f"not available: {reason}"})


# why each kind that is not a live observation is marked, shown on hover
KIND_REASONS = {
    "published": "published: a curated figure from the publication it links to, not a live reading",
    "simulated": "simulated: produced by the local network on this machine, never added into real totals",
    "assumed": "assumed: a calibration value, not a measurement",
    "self-reported": "self-reported: the node's own signed claim",
}
KIND_COLORS = {"published": "gray", "simulated": "violet", "assumed": "orange", "self-reported": "cyan"}


def kind_badge(kind: str | None) -> html.Span | None:
    """A small badge for every figure that is not a live observation, with the reason on hover; None for observed."""
    if kind is None or kind == "observed":
        return None
    badge = dmc.Badge(kind, color=KIND_COLORS.get(kind, "gray"), variant="light", size="xs", ml=6)
    return html.Span(badge, className=f"kind kind-{kind}", title=KIND_REASONS.get(kind, kind))
