"""Number, money and age formats used on every page (tables never abbreviate; cards may)."""

from __future__ import annotations

from datetime import UTC, datetime

from computescope.core.catalog.networks import BY_SLUG

DASH = "—"


def usd_per_gpu_hour(value: float | None) -> str:
    return DASH if value is None else f"${value:,.2f}/GPU-h"


def usd(value: float | None, abbreviate: bool = False) -> str:
    if value is None:
        return DASH
    return f"${abbrev(value)}" if abbreviate else f"${value:,.0f}"


def pct(fraction: float | None) -> str:
    return DASH if fraction is None else f"{fraction * 100:.1f}%"


def count(value: float | None) -> str:
    return DASH if value is None else f"{value:,.0f}"


def abbrev(value: float | None) -> str:
    if value is None:
        return DASH
    for threshold, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= threshold:
            return f"{value / threshold:.3g}{suffix}" if abs(value) < threshold * 100 else f"{value / threshold:,.0f}{suffix}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def tokens(value: float | None, symbol: str) -> str:
    return DASH if value is None else f"{value:,.0f} {symbol}"


def exact_time(when: datetime | None) -> str:
    return DASH if when is None else when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def age(when: datetime | None, now: datetime | None = None) -> str:
    """'3 h ago', '2 d ago', '1.4 y ago'."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    seconds = (now - when.astimezone(UTC)).total_seconds()
    if seconds < 0:
        return "just now"
    for limit, unit, size in ((90, "s", 1), (5400, "min", 60), (129600, "h", 3600), (86400 * 60, "d", 86400), (86400 * 730, "mo", 86400 * 30.44)):
        if seconds < limit:
            return f"{seconds / size:.0f} {unit} ago"
    return f"{seconds / (86400 * 365.25):.1f} y ago"


def metric(row: dict | None) -> str:
    """A metric from the metrics layer in the one format every page shows it in, chosen by its unit."""
    if row is None:
        return DASH
    unit, value = row.get("unit"), row.get("value")
    if unit == "text":
        return row.get("value_text") or DASH
    if unit == "USD/GPU-h":
        return usd_per_gpu_hour(value)
    if unit == "fraction":
        return pct(value)
    if unit == "GPUs":
        return abbrev(value)
    if unit in ("USD", "USD/year"):
        return usd(value, abbreviate=True)
    return count(value)


def network_name(slug: str) -> str:
    """A network's name; the local network's says it is simulated wherever it appears."""
    network = BY_SLUG.get(slug)
    if network is None:
        return slug
    return f"{network.name} (simulated)" if network.simulated else network.name
