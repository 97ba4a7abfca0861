"""Liveness: heartbeat availability with grace, fixed windows, registration, Akash uptime, OORT score."""

from __future__ import annotations

import math

import numpy as np
import pytest

from computescope.core.verification.liveness import (
    DAY_S,
    SLOT_S,
    akash_uptime,
    availability,
    availability_from_outages,
    availability_many,
    availability_many_outages,
    availability_windows,
    heartbeat_slots,
    offline_seconds_from_snapshots,
    oort_score,
    outages_from_slots,
    sla_breach,
)

NOW = 1_700_000_000 // DAY_S * DAY_S + 17  # a few seconds into a day boundary slot
END = NOW // SLOT_S  # first slot not yet complete
DAY0 = END - 1440


def _vector_heartbeats() -> np.ndarray:
    """One day of slots: 5 isolated misses and one run of 30."""
    miss = np.zeros(1440, dtype=bool)
    miss[[100, 300, 500, 700, 900]] = True
    miss[1000:1030] = True
    return (DAY0 + np.flatnonzero(~miss)) * SLOT_S + 7.0


def _naive(slots: np.ndarray, registered_at: float, now: float, window_s: int, grace: int) -> tuple[int, int]:
    """Slot-by-slot reference: materialise the window and walk the runs."""
    end = math.floor(now / SLOT_S)
    lo = min(max(end - window_s // SLOT_S, math.ceil(registered_at / SLOT_S)), end)
    up = np.zeros(end - lo, dtype=bool)
    s = slots[(slots >= lo) & (slots < end)]
    up[s - lo] = True
    down, run = 0, 0
    for u in list(up) + [True]:
        if u:
            down += run if run >= max(grace, 1) else 0
            run = 0
        else:
            run += 1
    return end - lo, down


def test_vector_with_grace_two() -> None:
    a = availability(_vector_heartbeats(), registered_at=0, now=NOW, window_s=DAY_S, grace=2)
    assert (a.expected_slots, a.up_slots) == (1440, 1410)
    assert round(a.availability, 6) == 0.979167
    assert a.breach(0.99)


@pytest.mark.parametrize("grace", [0, 1])
def test_vector_without_grace(grace: int) -> None:
    a = availability(_vector_heartbeats(), registered_at=0, now=NOW, window_s=DAY_S, grace=grace)
    assert a.up_slots == 1405
    assert round(a.availability, 6) == 0.975694
    assert a.breach(0.99)


def test_outage_runs_give_the_same_answer() -> None:
    slots = heartbeat_slots(_vector_heartbeats())
    runs = outages_from_slots(slots, first_slot=DAY0, end_slot=END)
    assert runs.tolist()[-1] == [DAY0 + 1000, DAY0 + 1030]
    a = availability_from_outages(runs * SLOT_S, registered_at=0, now=NOW, window_s=DAY_S)
    assert a.up_slots == 1410


def test_outage_covering_part_of_a_slot_does_not_miss_it() -> None:
    t0 = DAY0 * SLOT_S
    # 10:30 to 40:30 covers whole slots 11..39 only: a run of 29 missed slots.
    a = availability_from_outages([[t0 + 630, t0 + 2430]], registered_at=0, now=NOW, window_s=DAY_S)
    assert a.down_slots == 29


def test_overlapping_outages_merge_into_one_run() -> None:
    t0 = DAY0 * SLOT_S
    # Two single-slot outages back to back form a run of 2, which grace 2 no longer forgives.
    a = availability_from_outages([[t0 + 60, t0 + 120], [t0 + 120, t0 + 180]], registered_at=0, now=NOW)
    assert a.down_slots == 2
    nested = availability_from_outages([[t0, t0 + 600], [t0 + 60, t0 + 120]], registered_at=0, now=NOW)
    assert nested.down_slots == 10


def test_slots_before_registration_are_excluded() -> None:
    reg_slot = END - 360
    beats = np.arange(reg_slot, END) * SLOT_S + 1.0
    a = availability(beats, registered_at=reg_slot * SLOT_S, now=NOW, window_s=DAY_S)
    assert (a.expected_slots, a.down_slots, a.availability) == (360, 0, 1.0)
    w = availability_windows(beats, registered_at=reg_slot * SLOT_S, now=NOW)
    assert {k: v.expected_slots for k, v in w.items()} == {"1d": 360, "7d": 360, "30d": 360}


def test_registration_mid_slot_starts_at_the_next_slot() -> None:
    reg = (END - 10) * SLOT_S + 30
    a = availability([], registered_at=reg, now=NOW, window_s=DAY_S, grace=0)
    assert (a.expected_slots, a.down_slots) == (9, 9)


def test_registered_after_now_has_no_data_and_no_breach() -> None:
    a = availability([], registered_at=NOW + 600, now=NOW)
    assert a.expected_slots == 0 and math.isnan(a.availability)
    assert not a.breach(0.99)


def test_fixed_windows_count_silence_as_downtime() -> None:
    beats = np.arange(DAY0, END) * SLOT_S + 1.0
    w = availability_windows(beats, registered_at=0, now=NOW)
    assert w["1d"].availability == 1.0
    assert w["7d"].up_slots == 1440 and w["7d"].expected_slots == 7 * 1440
    assert w["30d"].availability == pytest.approx(1 / 30)


def test_heartbeats_outside_window_and_duplicates_are_ignored() -> None:
    slots = np.concatenate(([DAY0 - 5, DAY0 - 1], np.repeat(np.arange(DAY0, END), 2), [END, END + 3]))
    batch = availability_many(["n"], slots, [0, len(slots)], [0], NOW, DAY_S)
    assert batch[0].down_slots == 0 and batch.availability[0] == 1.0


def test_batch_matches_slot_by_slot_reference() -> None:
    rng = np.random.default_rng(7)
    n = 60
    window = 7 * DAY_S
    ids, chunks, regs = [], [], []
    for i in range(n):
        start = END - rng.integers(0, 9 * 1440)
        span = np.arange(start, END + 3)
        keep = rng.random(len(span)) > rng.choice([0.0, 0.02, 0.3, 0.9])
        # Outages of a few hours at random places.
        for _ in range(rng.integers(0, 4)):
            o = rng.integers(0, len(span))
            keep[o : o + rng.integers(1, 400)] = False
        chunks.append(span[keep])
        ids.append(f"node-{i}")
        regs.append(float(start * SLOT_S - rng.integers(0, 120)))
    offsets = np.concatenate(([0], np.cumsum([len(c) for c in chunks])))
    slots = np.concatenate(chunks).astype(np.int32)
    for grace in (0, 1, 2, 5):
        batch = availability_many(ids, slots, offsets, regs, NOW, window, grace=grace)
        runs = [outages_from_slots(c, first_slot=int(c.min()) - 2000, end_slot=END + 3) for c in chunks]
        run_off = np.concatenate(([0], np.cumsum([len(r) for r in runs])))
        flat = np.concatenate(runs) * SLOT_S
        by_runs = availability_many_outages(
            ids, flat[:, 0], flat[:, 1], run_off, regs, NOW, window, grace=grace
        )
        for i, c in enumerate(chunks):
            expected, down = _naive(c, regs[i], NOW, window, grace)
            assert (batch.expected_slots[i], batch.down_slots[i]) == (expected, down)
            assert (by_runs.expected_slots[i], by_runs.down_slots[i]) == (expected, down)
    assert batch.node_ids[3] == "node-3"


def test_batch_node_with_no_heartbeats_is_down_for_its_whole_window() -> None:
    slots = np.arange(DAY0, END)
    batch = availability_many(["a", "b", "c"], slots, [0, 0, len(slots), len(slots)], [0, 0, 0], NOW, DAY_S)
    assert batch.down_slots.tolist() == [1440, 0, 1440]
    assert batch.breach(0.99).tolist() == [True, False, True]


def test_sla_breach_scalar_and_array() -> None:
    assert sla_breach(0.98, 0.99) is True
    assert sla_breach(0.995, 0.99) is False
    assert sla_breach(np.array([0.98, 1.0, np.nan]), 0.99).tolist() == [True, False, False]


def test_akash_formula_vector() -> None:
    assert round(akash_uptime(30 * 60 + 10 * 60, DAY_S), 6) == 0.972222
    assert akash_uptime(2 * DAY_S, DAY_S) == 0.0


def test_akash_snapshots_offline_until_next_snapshot() -> None:
    t0 = NOW - DAY_S
    times = [t0 + 3600, t0 + 7200, t0 + 9000, t0 + 20000, t0 + 20600]
    online = [True, False, True, False, True]
    off = offline_seconds_from_snapshots(times, online, now=NOW, window_s=DAY_S)
    assert off == 1800 + 600
    assert round(akash_uptime(off, DAY_S), 6) == 0.972222


def test_akash_snapshots_open_interval_and_no_data() -> None:
    times, online = [NOW - 600], [False]
    assert offline_seconds_from_snapshots(times, online, now=NOW, window_s=DAY_S) == 600
    assert offline_seconds_from_snapshots(times, online, now=NOW, window_s=DAY_S, count_open=False) == 0
    assert math.isnan(akash_uptime(offline_seconds_from_snapshots([], [], now=NOW, window_s=DAY_S), DAY_S))


def test_oort_score_drops_fast_recovers_slowly() -> None:
    hours = np.concatenate((np.zeros(36, dtype=bool), np.ones(84, dtype=bool)))
    s = oort_score(hours)
    assert s[35] == 0.5
    assert s[-1] == 1.0
    assert s[35 + 42] == 0.75


def test_oort_score_clamps_and_batches() -> None:
    s = oort_score(np.array([[False] * 100, [True] * 100]))
    assert s.shape == (2, 100)
    assert s[0, 71] == 0.0 and s[0, -1] == 0.0
    assert s[1].max() == 1.0
    assert oort_score([True] * 168, start=0.0)[-1] == 1.0
