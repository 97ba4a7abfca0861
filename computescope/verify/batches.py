"""Heartbeats stored a batch at a time: nonces, report log and heartbeat runs in a few statements and one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import duckdb

from computescope.core.verification.liveness import SLOT_S
from computescope.core.verification.signing import ReportRejected, VerifiedReport, canonical_json
from computescope.db import Database, write_text
from computescope.verify.availability import BatchedRefresh
from computescope.verify.ledger import SOURCE, Node, ts
from computescope.verify.params import VerifyParams
from computescope.verify.replay import ReplaySet
from computescope.verify.staged import Staged

PRUNE_EVERY = 1000  # stored reports between sweeps of old nonces and unproven registrations


@dataclass(frozen=True)
class Beat:
    """A heartbeat whose envelope verified and whose nonce is claimed, waiting for its batch."""

    node: Node
    report: VerifiedReport
    envelope: dict[str, Any]
    now: float


class HeartbeatBatches:
    """Mixed into the store, which supplies the database, caches, transaction and the per-node steps."""

    db: Database
    params: VerifyParams
    replay: ReplaySet
    _keys: dict[str, Node]
    _runs: Staged[Node, tuple[int, int] | None]
    _writes: int
    _availability: BatchedRefresh
    _transaction: Callable[[duckdb.DuckDBPyConnection], AbstractContextManager[None]]
    _beat: Callable[[duckdb.DuckDBPyConnection, Node, float], None]
    _newest: Callable[[duckdb.DuckDBPyConnection, Node], tuple[int, int] | None]
    _next_challenge: Callable[..., dict[str, Any] | None]
    prune_unproven: Callable[..., int]

    def store_heartbeats(self, beats: list[Beat]) -> list[Any]:
        """Store a batch in one transaction; per beat the answer the node gets, or the refusal for that beat alone."""
        cur = self.db.cursor()
        results: list[Any] = []
        with self._transaction(cur):
            # a node pruned after its heartbeat verified has nothing left to beat for
            live = [b for b in beats if self._keys.get(b.report.public_key) == b.node]
            if live:
                self._log_batch(cur, live)
                self._beat_batch(cur, live)
            for b in beats:
                if self._keys.get(b.report.public_key) != b.node:
                    self.replay.release(b.report.public_key, b.report.nonce)
                    results.append(ReportRejected("unknown_key"))
                    continue
                results.append({"accepted": "heartbeat", "challenge": self._next_challenge(cur, b.node, b.now, force=False)})
            before, self._writes = self._writes, self._writes + len(live)
            if live and before // PRUNE_EVERY != self._writes // PRUNE_EVERY:
                now = max(b.now for b in live)
                cur.execute(write_text("verify_nonces_prune"), [ts(now - 2 * self.params.window_s)])
                self.prune_unproven(now, cur=cur)
        return results

    def _log_batch(self, cur: duckdb.DuckDBPyConnection, beats: list[Beat]) -> None:
        reports = [b.report for b in beats]
        bodies = [canonical_json(b.envelope) for b in beats]
        common = {"keys": [r.public_key for r in reports], "nonces": [r.nonce for r in reports],
                  "networks": [b.node[0] for b in beats], "signed": [float(r.timestamp) for r in reports],
                  "source": SOURCE, "observed": [b.now for b in beats]}
        cur.execute(write_text("verify_nonces_batch"), common)
        cur.execute(write_text("verify_reports_batch"), {
            **common, "node_ids": [b.node[1] for b in beats], "kinds": ["heartbeat"] * len(beats),
            "digests": [hashlib.sha256(body).hexdigest() for body in bodies], "signatures": [b.envelope["signature"] for b in beats],
            "bytes": [len(body) for body in bodies]})

    def _beat_batch(self, cur: duckdb.DuckDBPyConnection, beats: list[Beat]) -> None:
        """What `_beat` does per report, summed per run: one update for every extended run, one insert for every new one."""
        extend: dict[tuple[Node, int], list[float]] = {}
        start: dict[tuple[Node, int], list[float]] = {}
        for b in beats:
            node, slot = b.node, int(b.now // SLOT_S)
            last = self._runs.get(node, lambda node=node: self._newest(cur, node))  # type: ignore[misc]
            if last and last[1] >= slot - 1:
                run = (node, last[0])
                entry = (start if run in start else extend).setdefault(run, [slot, 0, b.now])
                entry[0], entry[1], entry[2] = max(entry[0], slot), entry[1] + 1, max(entry[2], b.now)
                self._runs.put(node, (last[0], max(last[1], slot)))
            elif last and slot - last[1] - 1 >= self.params.grace:
                # downtime is judged from the stored runs: write what the batch holds so far, then take the one-report path
                self._write_runs(cur, extend, start)
                extend, start = {}, {}
                self._beat(cur, node, b.now)
            else:
                start[(node, slot)] = [slot, 1, b.now]
                self._runs.put(node, (slot, slot))
        self._write_runs(cur, extend, start)
        if beats:
            self._availability.wrote(cur, {b.node for b in beats}, max(b.now for b in beats))

    def _write_runs(self, cur: duckdb.DuckDBPyConnection, extend: dict[tuple[Node, int], list[float]],
                    start: dict[tuple[Node, int], list[float]]) -> None:
        for name, runs in (("verify_runs_extend_batch", extend), ("verify_runs_start_batch", start)):
            if runs:
                cur.execute(write_text(name), {**_columns(runs), **({"source": SOURCE} if runs is start else {})})


def _columns(runs: dict[tuple[Node, int], list[float]]) -> dict[str, list[Any]]:
    keys = list(runs)
    return {"networks": [k[0][0] for k in keys], "node_ids": [k[0][1] for k in keys], "firsts": [k[1] for k in keys],
            "slots": [int(runs[k][0]) for k in keys], "beats": [int(runs[k][1]) for k in keys], "observed": [runs[k][2] for k in keys]}
