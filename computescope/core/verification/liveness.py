"""Liveness: heartbeat-slot availability with grace, SLA breach, Akash uptime and the OORT-style score."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

SLOT_S = 60
DAY_S = 86_400
WINDOWS_S: dict[str, int] = {"1d": DAY_S, "7d": 7 * DAY_S, "30d": 30 * DAY_S}
DEFAULT_GRACE = 2
DEFAULT_SLA = 0.99


@dataclass(frozen=True)
class Availability:
    """Availability of one node over one fixed window ending at `now`."""

    window_s: int
    expected_slots: int
    down_slots: int

    @property
    def up_slots(self) -> int:
        return self.expected_slots - self.down_slots

    @property
    def availability(self) -> float:
        # NaN, not 1.0: a node with no expected slots has shown nothing.
        return self.up_slots / self.expected_slots if self.expected_slots else math.nan

    def breach(self, target: float = DEFAULT_SLA) -> bool:
        return sla_breach(self.availability, target)


@dataclass(frozen=True)
class AvailabilityBatch:
    """Availability of many nodes over one window; arrays aligned with `node_ids`."""

    node_ids: NDArray
    window_s: int
    expected_slots: NDArray[np.int64]
    down_slots: NDArray[np.int64]

    @property
    def availability(self) -> NDArray[np.float64]:
        exp = self.expected_slots.astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(exp > 0, (exp - self.down_slots) / exp, np.nan)

    def breach(self, target: float = DEFAULT_SLA) -> NDArray[np.bool_]:
        return sla_breach(self.availability, target)

    def __getitem__(self, i: int) -> Availability:
        return Availability(self.window_s, int(self.expected_slots[i]), int(self.down_slots[i]))


def sla_breach(
    availability: float | NDArray[np.float64], target: float = DEFAULT_SLA
) -> bool | NDArray[np.bool_]:
    """True where availability is below the SLA target; no data (NaN) is not a breach."""
    if np.ndim(availability) == 0:
        return bool(availability < target)
    return np.asarray(availability) < target


def heartbeat_slots(times: ArrayLike, slot_s: int = SLOT_S) -> NDArray[np.int64]:
    """Epoch-aligned slot index of each heartbeat time (seconds)."""
    return np.floor_divide(np.asarray(times, dtype=np.float64), slot_s).astype(np.int64)


def _window_bounds(
    registered_at: ArrayLike, now: float, window_s: int, slot_s: int
) -> tuple[int, NDArray[np.int64]]:
    if window_s % slot_s:
        raise ValueError("window_s must be a whole number of slots")
    # The slot holding `now` is still open, so the window ends at its start.
    end = int(math.floor(now / slot_s))
    # Only slots that start at or after registration are expected.
    reg = np.ceil(np.asarray(registered_at, dtype=np.float64) / slot_s).astype(np.int64)
    lo = np.maximum(end - window_s // slot_s, reg)
    return end, np.minimum(lo, end)


def _counted(runs: NDArray[np.int64], grace: int) -> NDArray[np.int64]:
    # A run shorter than the grace is forgiven; a run at or above it counts in full.
    return np.where(runs >= max(grace, 1), runs, 0)


def _segment_search(
    values: NDArray, starts: NDArray[np.int64], stops: NDArray[np.int64], targets: NDArray
) -> NDArray[np.int64]:
    # Bisection on every node's sorted segment at once: ~log2(segment) vector steps, no per-element node ids.
    lo, hi = starts.copy(), stops.copy()
    last = max(len(values) - 1, 0)
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        right = active & (values[np.minimum(mid, last)] < targets)
        lo = np.where(right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)


def _batch_setup(
    node_ids: ArrayLike, offsets: ArrayLike, registered_at: ArrayLike, now: float, window_s: int, slot_s: int
) -> tuple[NDArray, NDArray[np.int64], int, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Node ids, checked offsets, node count, and each node's window [lo, end) in slots with its expected slot count."""
    ids = np.asarray(node_ids)
    off = np.asarray(offsets, dtype=np.int64)
    n = len(ids)
    if len(off) != n + 1:
        raise ValueError("offsets must have len(node_ids) + 1 entries")
    end, lo = _window_bounds(np.broadcast_to(registered_at, (n,)), now, window_s, slot_s)
    return ids, off, n, end, lo, end - lo


def availability_many(
    node_ids: ArrayLike,
    heartbeat_slots: ArrayLike,
    offsets: ArrayLike,
    registered_at: ArrayLike,
    now: float,
    window_s: int = DAY_S,
    *,
    slot_s: int = SLOT_S,
    grace: int = DEFAULT_GRACE,
) -> AvailabilityBatch:
    """Availability for many nodes: node i's sorted slot indices are heartbeat_slots[offsets[i]:offsets[i+1]].

    Duplicate slots are fine; int32 slot arrays are used as given (no copy).
    """
    ids, off, n, end, lo, expected = _batch_setup(node_ids, offsets, registered_at, now, window_s, slot_s)
    slots = np.asarray(heartbeat_slots)
    if slots.dtype.kind == "u":
        # Unsigned differences would wrap on duplicates.
        slots = slots.astype(np.int64)
    elif slots.dtype.kind != "i":
        raise TypeError("heartbeat_slots must be integer slot indices (see heartbeat_slots())")
    i0 = _segment_search(slots, off[:-1], off[1:], lo)
    i1 = _segment_search(slots, i0, off[1:], np.full(n, end))
    has = i1 > i0

    if not len(slots):
        return AvailabilityBatch(ids, window_s, expected, _counted(expected, grace).astype(np.int64))

    # Missed run between heartbeats j and j+1 is slots[j+1] - slots[j] - 1 (duplicates give -1); kept in the
    # input dtype, since each node's sum stays below its window length. The spare last entry lets reduceat
    # take segments ending at the array's end.
    gaps = np.empty(len(slots), dtype=slots.dtype)
    np.subtract(slots[1:], slots[:-1], out=gaps[:-1])
    gaps[-1] = 0
    gaps -= 1
    # Multiplying by the mask is several times faster than boolean-index assignment at this size.
    np.multiply(gaps, gaps >= max(grace, 1), out=gaps)
    # Pairs inside each node's window, [i0, i1 - 1): the sum never reaches across node boundaries.
    bounds = np.empty(2 * n, dtype=np.int64)
    bounds[0::2] = np.minimum(i0, len(slots) - 1)
    bounds[1::2] = np.clip(i1 - 1, 0, len(slots) - 1)
    sums = np.add.reduceat(gaps, bounds)[0::2].astype(np.int64)
    inner = np.where(i1 - 1 > i0, sums, 0)
    first = slots[np.minimum(i0, len(slots) - 1)].astype(np.int64)
    final = slots[np.maximum(i1 - 1, 0)].astype(np.int64)
    down = np.where(
        has, inner + _counted(first - lo, grace) + _counted(end - 1 - final, grace), _counted(expected, grace)
    )
    return AvailabilityBatch(ids, window_s, expected, down.astype(np.int64))


def availability_many_outages(
    node_ids: ArrayLike,
    outage_start: ArrayLike,
    outage_end: ArrayLike,
    offsets: ArrayLike,
    registered_at: ArrayLike,
    now: float,
    window_s: int = DAY_S,
    *,
    slot_s: int = SLOT_S,
    grace: int = DEFAULT_GRACE,
) -> AvailabilityBatch:
    """Availability for many nodes from offline intervals [start, end) in seconds, grouped by offsets."""
    ids, off, n, end, lo, expected = _batch_setup(node_ids, offsets, registered_at, now, window_s, slot_s)
    node = np.repeat(np.arange(n, dtype=np.int64), np.diff(off))
    start_s = np.asarray(outage_start, dtype=np.float64)[off[0] : off[-1]]
    end_s = np.asarray(outage_end, dtype=np.float64)[off[0] : off[-1]]
    # A slot is missed only when the outage covers all of it (no moment to send a heartbeat).
    a = np.maximum(np.ceil(start_s / slot_s).astype(np.int64), lo[node])
    b = np.minimum(np.floor(end_s / slot_s).astype(np.int64), end)
    ok = b > a
    a, b, node = a[ok], b[ok], node[ok]
    order = np.lexsort((a, node))
    a, b, node = a[order], b[order], node[order]
    if len(a):
        # Merge overlapping or touching intervals per node, so grace applies to whole runs. Shifting each
        # node above the previous one's range lets one global running max serve as a per-node one.
        shift = node * (int(b.max() - b.min()) + 1)
        reach = np.maximum.accumulate(b + shift) - shift
        new = np.ones(len(a), dtype=bool)
        new[1:] = (node[1:] != node[:-1]) | (a[1:] > reach[:-1])
        run_len = np.maximum.reduceat(reach, np.flatnonzero(new)) - a[new]
        down = np.bincount(node[new], weights=_counted(run_len, grace), minlength=n)
    else:
        down = np.zeros(n)
    return AvailabilityBatch(ids, window_s, expected, down.astype(np.int64))


def availability(
    heartbeats: ArrayLike,
    *,
    registered_at: float,
    now: float,
    window_s: int = DAY_S,
    slot_s: int = SLOT_S,
    grace: int = DEFAULT_GRACE,
) -> Availability:
    """Availability of one node from its heartbeat times (epoch seconds, any order)."""
    slots = np.sort(heartbeat_slots(heartbeats, slot_s))
    batch = availability_many(
        [0], slots, [0, len(slots)], [registered_at], now, window_s, slot_s=slot_s, grace=grace
    )
    return batch[0]


def availability_from_outages(
    outages: ArrayLike,
    *,
    registered_at: float,
    now: float,
    window_s: int = DAY_S,
    slot_s: int = SLOT_S,
    grace: int = DEFAULT_GRACE,
) -> Availability:
    """Availability of one node from an (k, 2) array of offline intervals [start, end) in seconds."""
    iv = np.asarray(outages, dtype=np.float64).reshape(-1, 2)
    batch = availability_many_outages(
        [0], iv[:, 0], iv[:, 1], [0, len(iv)], [registered_at], now, window_s, slot_s=slot_s, grace=grace
    )
    return batch[0]


def availability_windows(
    heartbeats: ArrayLike,
    *,
    registered_at: float,
    now: float,
    windows: Mapping[str, int] = WINDOWS_S,
    slot_s: int = SLOT_S,
    grace: int = DEFAULT_GRACE,
) -> dict[str, Availability]:
    """Availability over each named fixed window (default 1d / 7d / 30d) ending at `now`."""
    return {
        name: availability(
            heartbeats, registered_at=registered_at, now=now, window_s=w, slot_s=slot_s, grace=grace
        )
        for name, w in windows.items()
    }


def outages_from_slots(slots: ArrayLike, *, first_slot: int, end_slot: int) -> NDArray[np.int64]:
    """Runs of missed slots as (start, end) slot pairs between first_slot and end_slot (exclusive)."""
    s = np.unique(np.asarray(slots, dtype=np.int64))
    s = s[(s >= first_slot) & (s < end_slot)]
    bounds = np.concatenate(([first_slot - 1], s, [end_slot]))
    gap = np.flatnonzero(np.diff(bounds) > 1)
    return np.column_stack((bounds[gap] + 1, bounds[gap + 1]))


def akash_uptime(offline_seconds: float, window_s: float) -> float:
    """Akash Console uptime over a fixed window: max(0, 1 - offline / window); NaN stays NaN."""
    if math.isnan(offline_seconds):
        return math.nan
    return max(0.0, 1.0 - offline_seconds / window_s)


def offline_seconds_from_snapshots(
    check_times: ArrayLike, is_online: ArrayLike, *, now: float, window_s: float, count_open: bool = True
) -> float:
    """Offline seconds in [now - window, now): each offline snapshot lasts until the next snapshot.

    With count_open the last offline snapshot runs until `now` (Console drops it, hiding a node that is down).
    No snapshots give NaN rather than a perfect score.
    """
    t = np.asarray(check_times, dtype=np.float64)
    up = np.asarray(is_online, dtype=bool)
    if not len(t):
        return math.nan
    nxt = np.append(t[1:], now if count_open else t[-1])
    start = np.clip(t, now - window_s, now)
    stop = np.clip(nxt, now - window_s, now)
    return float(np.sum(np.where(~up, np.maximum(stop - start, 0.0), 0.0)))


def oort_score(
    stable: ArrayLike, *, start: float = 1.0, drop_hours: int = 72, recover_hours: int = 168
) -> NDArray[np.float64]:
    """OORT-style hourly score: -1/drop_hours per unstable hour, +1/recover_hours per stable hour, in [0, 1].

    `stable` is (hours,) or (nodes, hours); returns the score after each hour, same shape.
    """
    # Integer units of 1/lcm keep the walk exact: 36 unstable hours from 1.0 land on 0.5, not 0.5000000001.
    unit = math.lcm(drop_hours, recover_hours)
    down, up = unit // drop_hours, unit // recover_hours
    h = np.asarray(stable, dtype=bool)
    cols = np.atleast_2d(h)
    score = np.full(cols.shape[0], round(start * unit), dtype=np.int64)
    out = np.empty(cols.shape, dtype=np.int64)
    for j in range(cols.shape[1]):
        score = np.clip(score + np.where(cols[:, j], up, -down), 0, unit)
        out[:, j] = score
    res = out / unit
    return res.reshape(h.shape)
