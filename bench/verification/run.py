"""Benchmark of the verification core: report verification rate, fleet availability, Freivalds vs recomputation."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from nacl.signing import VerifyKey

from computescope.core.verification.challenges import (
    freivalds_check,
    make_challenge,
    merkle_root,
    open_rows,
    sample_rows,
    solve_challenge,
    verify_spot_check,
)
from computescope.core.verification.liveness import (
    DAY_S,
    SLOT_S,
    availability_many,
    availability_many_outages,
)
from computescope.core.verification.signing import (
    canonical_json,
    generate_key,
    public_key_hex,
    sign_report,
    verify_report,
)

NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z, a fixed clock so runs are comparable


def row(label: str, value: str) -> None:
    """One aligned result line."""
    print(f"  {label:<64}{value}")


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Fastest wall time of `repeat` runs and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def bench_signing(n_reports: int) -> None:
    keys = [generate_key() for _ in range(50)]
    known = {public_key_hex(k) for k in keys}
    gpus = [
        {"index": i, "model": "H100", "tflops": 700.0 + i, "tbps": 3.1, "temp_c": 61 + i} for i in range(8)
    ]
    payload = {
        "node": "node-000123",
        "kind": "heartbeat",
        "gpus": gpus,
        "jobs": [f"job-{i:04d}" for i in range(12)],
    }
    envelopes = [sign_report(keys[i % len(keys)], payload, now=NOW) for i in range(n_reports)]
    size = len(canonical_json(envelopes[0]))
    seen: set[tuple[str, str]] = set()

    def seen_nonce(key: str, nonce: str) -> bool:
        hit = (key, nonce) in seen
        seen.add((key, nonce))
        return hit

    t = time.perf_counter()
    for env in envelopes:
        verify_report(env, known_keys=known.__contains__, seen_nonce=seen_nonce, now=NOW)
    full = time.perf_counter() - t

    raw = [
        (
            VerifyKey(bytes.fromhex(e["public_key"])),
            bytes.fromhex(e["signature"]),
            canonical_json({k: v for k, v in e.items() if k != "signature"}),
        )
        for e in envelopes
    ]
    t = time.perf_counter()
    for vk, sig, msg in raw:
        vk.verify(msg, sig)
    bare = time.perf_counter() - t
    print(f"signed reports ({size} bytes canonical, {n_reports:,} reports)")
    row("verify_report (canonical JSON + Ed25519 + key/clock/nonce)", f"{n_reports / full:9,.0f} reports/s")
    row("Ed25519 verify only", f"{n_reports / bare:9,.0f} reports/s")


def bench_store(n_reports: int, n_nodes: int = 50) -> None:
    """Heartbeats through the collector's write path into a temporary DuckDB: signature, clock, nonce, log and run."""
    import tempfile
    from pathlib import Path

    from computescope.agent.node import opening, solve
    from computescope.core.verification.signing import registration_payload
    from computescope.db import Database
    from computescope.verify.params import VerifyParams
    from computescope.verify.store import VerificationStore

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "bench.duckdb")
        store = VerificationStore(db, VerifyParams(challenge_mean_s=1e12))
        keys = [generate_key() for _ in range(n_nodes)]
        hardware = {"cpu_model": "AMD EPYC 7763 64-Core Processor", "cpu_cores": 8, "memory_gb": 64.0, "gpus": []}
        first = [
            store.register(sign_report(k, registration_payload(network="localnet", node_id=f"bench-{i}", hardware=hardware,
                                                               measured={"cpu": {"gflops": 250.0, "gbps": 40.0}}), now=NOW), NOW)
            for i, k in enumerate(keys)
        ]
        rounds = min(n_nodes, 20)
        t = time.perf_counter()
        for i in range(rounds):
            ch, key = first[i]["challenge"], keys[i]
            c = solve(ch)
            commit = store.accept_report(sign_report(key, {"kind": "commit", "challenge_id": ch["id"], "root": merkle_root(c).hex()},
                                                     now=NOW + 1), NOW + 1)
            store.accept_report(sign_report(key, {"kind": "open", "challenge_id": ch["id"], "rows": opening(c, commit["open"])},
                                            now=NOW + 1), NOW + 1)
        round_s = (time.perf_counter() - t) / rounds
        beats = [sign_report(keys[i % n_nodes], {"kind": "heartbeat", "seq": i}, now=NOW + i * 0.05) for i in range(n_reports)]
        t = time.perf_counter()
        for i, env in enumerate(beats):
            store.accept_report(env, NOW + i * 0.05)
        took = time.perf_counter() - t
        db.close()
    print(f"signed reports verified and stored (DuckDB file, {n_nodes} nodes, {n_reports:,} heartbeats, one writer)")
    row("heartbeat: verify, nonce, report log, run, challenge check", f"{n_reports / took:9,.0f} reports/s")
    row(f"challenge round n={first[0]['challenge']['n']}: solve, commit, open {first[0]['challenge']['spot_rows']} rows, settle",
        f"{round_s * 1000:9.1f} ms")


def synth_fleet(rng: np.random.Generator, n_nodes: int, n_slots: int) -> tuple[np.ndarray, np.ndarray]:
    """Up-slot mask (nodes × slots) of reliable, flaky and outage-prone nodes, and registration slot offsets."""
    kind = rng.choice(3, size=n_nodes, p=[0.80, 0.15, 0.05])
    up = np.ones((n_nodes, n_slots), dtype=bool)
    # Isolated misses: reliable nodes rarely, flaky nodes often, drawn sparsely rather than per slot.
    misses = rng.binomial(n_slots, np.choose(kind, [0.0005, 0.03, 0.002]))
    up.reshape(-1)[
        np.repeat(np.arange(n_nodes) * n_slots, misses) + rng.integers(0, n_slots, misses.sum())
    ] = False
    for i in np.flatnonzero(kind == 2):
        for _ in range(rng.integers(1, 6)):
            start = rng.integers(0, n_slots)
            up[i, start : start + rng.integers(30, 12 * 60)] = False
    # A tenth of the fleet registered part-way through the window and is silent before.
    reg = np.where(rng.random(n_nodes) < 0.1, rng.integers(0, n_slots, size=n_nodes), 0)
    for i in np.flatnonzero(reg):
        up[i, : reg[i]] = False
    return up, reg


def runs_of(up: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Offline runs (row, first slot, end slot) of an up-slot mask, without looping over slots."""
    down = np.zeros((up.shape[0], up.shape[1] + 2), dtype=bool)
    np.logical_not(up, out=down[:, 1:-1])
    r, c = np.nonzero(down[:, 1:] != down[:, :-1])
    # Edges alternate start, end within a row because each row is padded with "up" on both sides.
    return r[0::2], c[0::2], c[1::2]


def bench_availability(n_nodes: int, days: int, chunk: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_slots = days * DAY_S // SLOT_S
    first = int(NOW // SLOT_S) - n_slots
    window = days * DAY_S
    ids = np.arange(n_nodes)
    regs = np.empty(n_nodes, dtype=np.float64)
    beats, counts, run_node, run_a, run_b, up_runs = [], [], [], [], [], []
    t = time.perf_counter()
    # Generated in chunks only to bound the memory of the dense synthetic mask.
    for lo in range(0, n_nodes, chunk):
        hi = min(lo + chunk, n_nodes)
        up, reg = synth_fleet(rng, hi - lo, n_slots)
        flat = np.flatnonzero(up)
        bounds = np.searchsorted(flat, np.arange(hi - lo + 1) * n_slots)
        beats.append(
            (flat - np.repeat(np.arange(hi - lo) * n_slots, np.diff(bounds)) + first).astype(np.int32)
        )
        counts.append(np.diff(bounds))
        r0, c0, c1 = runs_of(up)
        run_node.append(r0 + lo)
        run_a.append((c0 + first) * SLOT_S)
        run_b.append((c1 + first) * SLOT_S)
        regs[lo:hi] = (reg + first) * SLOT_S
        u0, u1, u2 = runs_of(~up)  # heartbeat runs as the collector stores them: inclusive slot ranges
        up_runs.append(np.column_stack((u0 + lo, u1 + first, u2 - 1 + first)))
        del up, flat
    slots = np.concatenate(beats)
    del beats
    offsets = np.concatenate(([0], np.cumsum(np.concatenate(counts))))
    node = np.concatenate(run_node)
    a, b = np.concatenate(run_a), np.concatenate(run_b)
    run_off = np.searchsorted(node, np.arange(n_nodes + 1))
    gen_time = time.perf_counter() - t

    t_hb, by_beats = best_of(lambda: availability_many(ids, slots, offsets, regs, NOW, window), repeat=2)
    t_runs, by_runs = best_of(lambda: availability_many_outages(ids, a, b, run_off, regs, NOW, window))
    avail = by_runs.availability
    print(
        f"availability, {n_nodes:,} nodes × {days} days of {SLOT_S} s slots ({n_nodes * n_slots:,} node-slots)"
    )
    row("synthetic fleet generation (not timed below)", f"{gen_time:9.3f} s")
    rate = f"{len(slots) / t_hb / 1e6:,.0f} M heartbeats/s"
    row(f"heartbeat form: {len(slots):,} int32 heartbeats, one call", f"{t_hb:9.3f} s  ({rate})")
    row(f"outage-run form: {len(a):,} offline runs, one call", f"{t_runs:9.3f} s")
    for name, w in (("1d", DAY_S), ("7d", 7 * DAY_S)):
        t_w, _ = best_of(lambda w=w: availability_many_outages(ids, a, b, run_off, regs, NOW, w))
        row(f"outage-run form: {name} window, one call", f"{t_w:9.3f} s")
    row("both forms agree on every node", str(bool(np.array_equal(by_beats.down_slots, by_runs.down_slots))))
    row(
        f"fleet {days}d: median / p5 availability, SLA 99 % breaches",
        f"{np.nanmedian(avail):.4f} / {np.nanpercentile(avail, 5):.4f}, {int(np.sum(by_runs.breach(0.99))):,} nodes",
    )
    bench_sql_availability(np.concatenate(up_runs), regs, window, by_runs.down_slots)


def bench_sql_availability(runs: np.ndarray, regs: np.ndarray, window: int, core_down: np.ndarray) -> None:
    """The explorer's own path: heartbeat runs in DuckDB, availability by the node_availability macro in one query."""
    import tempfile
    from pathlib import Path

    import polars as pl

    from computescope.db import Database

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "availability.duckdb")
        cur = db.cursor()
        ids = pl.Series(np.arange(len(regs))).cast(pl.Utf8)
        stamp = pl.lit(NOW).mul(1e6).cast(pl.Datetime("us", "UTC"))
        keys = pl.DataFrame({"node_id": ids, "registered_at": (regs * 1e6).astype(np.int64)}).with_columns(
            pl.col("registered_at").cast(pl.Datetime("us", "UTC")), pl.lit("0").alias("public_key") + pl.col("node_id"),
            network=pl.lit("localnet"), hardware=pl.lit("{}"), source=pl.lit("bench"), observed_at=stamp)
        beats = pl.DataFrame({"node_id": runs[:, 0], "first_slot": runs[:, 1], "last_slot": runs[:, 2]}).with_columns(
            pl.col("node_id").cast(pl.Utf8), network=pl.lit("localnet"), beats=pl.lit(1), source=pl.lit("bench"), observed_at=stamp)
        t = time.perf_counter()
        cur.register("bench_keys", keys.to_arrow())
        cur.execute("insert into node_keys by name select * from bench_keys")
        cur.register("bench_runs", beats.to_arrow())
        cur.execute("insert into node_heartbeat_runs by name select * from bench_runs")
        load = time.perf_counter() - t
        query = "select node_id::integer as i, down_slots from node_availability($now, $window, 2) order by i"
        took, result = best_of(lambda: cur.sql(query, params={"now": NOW, "window": window}).pl(), repeat=2)
        db.close()
    row(f"DuckDB: load {len(runs):,} heartbeat runs (not one row per slot)", f"{load:9.3f} s")
    row("DuckDB macro node_availability, all nodes, one query", f"{took:9.3f} s")
    row("DuckDB and the core agree on every node", str(bool(np.array_equal(result["down_slots"].to_numpy(), core_down))))


def bench_freivalds(sizes: list[int], rounds: int, k_rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    print(
        f"challenge C = A·B mod 4093: full recomputation vs Freivalds ({rounds} rounds) vs spot check ({k_rows} rows)"
    )
    print(
        f"  {'n':>5} {'recompute s':>12} {'freivalds s':>12} {'speed-up':>9} {'spot check s':>13} {'merkle root s':>14}"
    )
    for n in sizes:
        ch = make_challenge(seed + n, n)
        t_full, c = best_of(lambda ch=ch: solve_challenge(ch), repeat=5)
        t_frei, ok = best_of(
            lambda ch=ch, c=c: freivalds_check(ch.a, ch.b, c, ch.prime, rounds, rng), repeat=5
        )
        t_root, root = best_of(lambda c=c: merkle_root(c))
        opened = open_rows(c, sample_rows(n, k_rows, rng))
        t_spot, verdict = best_of(
            lambda ch=ch, root=root, opened=opened: verify_spot_check(root, ch.a, ch.b, opened, ch.prime)
        )
        print(
            f"  {n:>5} {t_full:>12.4f} {t_frei:>12.4f} {t_full / t_frei:>8.1f}x {t_spot:>13.4f} {t_root:>14.4f}"
            f"   (accepted: {ok and verdict.ok})"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--chunk", type=int, default=1_000, help="nodes generated at a time (bounds memory)")
    ap.add_argument("--reports", type=int, default=5_000)
    ap.add_argument("--stored", type=int, default=2_000, help="heartbeats written through the store")
    ap.add_argument("--sizes", type=int, nargs="+", default=[512, 1024, 2048])
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args(argv)
    print(json.dumps({"numpy": np.__version__, "now": NOW, "seed": args.seed}))
    bench_signing(args.reports)
    print()
    bench_store(args.stored)
    print()
    bench_availability(args.nodes, args.days, args.chunk, args.seed)
    print()
    bench_freivalds(args.sizes, 20, 22, args.seed)


if __name__ == "__main__":
    main()
