"""The verification write path: signed registrations and reports in, heartbeat runs, challenges, attestation, consequences."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import numpy as np

from computescope.core.catalog.gpus import normalize_gpu
from computescope.core.catalog.networks import REAL_NETWORKS
from computescope.core.verification.liveness import SLOT_S
from computescope.core.verification.signing import (
    ReportRejected,
    VerifiedReport,
    canonical_json,
    verify_endorsement,
    verify_registration,
    verify_report,
)
from computescope.db import Database, query_text, write_text
from computescope.verify.availability import BatchedRefresh, refresh_nodes_availability
from computescope.verify.batches import PRUNE_EVERY, Beat, HeartbeatBatches
from computescope.verify.challenge_desk import ChallengeDesk
from computescope.verify.hardware import attest_node, gpu_claim
from computescope.verify.ledger import SOURCE, Node, mirror_node, open_standing, ts
from computescope.verify.params import VerifyParams
from computescope.verify.protocol import COMMUNITY, Registration, Report, parse_registration, parse_report
from computescope.verify.replay import ReplaySet
from computescope.verify.staged import Staged
from computescope.verify.writer import BatchWriter, WriterOptions

# Every table that holds a node's rows (source agent); node_keys goes last, by key.
FORGET_BY_NODE = ("node_reports", "node_heartbeat_runs", "node_challenges", "node_attestations", "node_standing", "node_events", "nodes")


class VerificationStore(ChallengeDesk, HeartbeatBatches):
    """Every write the explorer accepts goes through here, and only after the envelope verified.

    Heartbeats (the bulk) go through `writer` in batches while it runs, one batch per transaction, and each is answered
    only after its batch committed; registrations and challenge answers are stored at once, since their answers depend on them.
    """

    def __init__(self, db: Database, params: VerifyParams | None = None, rng: np.random.Generator | None = None,
                 writer: WriterOptions | None = None) -> None:
        self.db = db
        self.params = params or VerifyParams()
        self.rng = rng
        self._lock = threading.Lock()
        self._writes = 0
        # What a heartbeat needs to know, kept here so it need not query: newest run, unsettled challenges, last issue.
        self._runs: Staged[Node, tuple[int, int] | None] = Staged()
        self._pending: Staged[Node, dict[str, tuple[str, float]]] = Staged()
        self._issued: Staged[Node, float] = Staged()
        self._keys: dict[str, Node] = {}  # registered keys; a key never moves to another node, only pruning forgets one
        self.replay = ReplaySet(2 * self.params.window_s, self._recent_nonces)
        self.writer: BatchWriter[Beat] = BatchWriter(self.store_heartbeats, writer)
        self._availability = BatchedRefresh()
        self.answer_timeout_s = 30.0  # a heartbeat waits this long for its batch before the node hears 503 (it may still land)

    @contextmanager
    def _transaction(self, cur: duckdb.DuckDBPyConnection) -> Iterator[None]:
        # One writer at a time: every step of a report lands together or not at all.
        with self._lock:
            caches = (self._runs, self._pending, self._issued)
            cur.execute("begin")
            try:
                yield
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                for cache in caches:
                    cache.rollback()
                raise
            for cache in caches:
                cache.commit()

    def _recent_nonces(self, cutoff: float) -> list[tuple[str, str, float]]:
        return self.db.cursor().execute(write_text("verify_nonces_recent"), {"cutoff": cutoff}).fetchall()

    def _seen(self, now: float) -> Callable[[str, str], bool]:
        # Check-and-set in memory, stamped with `now` (within the window of the signed time, so kept at least as long).
        return lambda key, nonce: not self.replay.claim(key, nonce, now, now)

    def _known(self, key: str) -> bool:
        if key not in self._keys:
            rows = self.db.cursor().execute("select network, node_id from node_keys where public_key = ?", [key]).fetchall()
            if rows:
                self._keys[key] = (rows[0][0], rows[0][1])
        return key in self._keys

    def _claim_nonce(self, cur: duckdb.DuckDBPyConnection, report: VerifiedReport, network: str, now: float) -> None:
        try:
            cur.execute(write_text("verify_nonce_claim"),
                        [report.public_key, report.nonce, network, ts(report.timestamp), SOURCE, ts(now)])
        except duckdb.ConstraintException:
            raise ReportRejected("replayed_nonce") from None

    def _log(self, cur: duckdb.DuckDBPyConnection, node: Node, report: VerifiedReport, envelope: dict[str, Any], kind: str, now: float) -> None:
        body = canonical_json(envelope)
        cur.execute(
            write_text("verify_report_log"),
            [*node, report.public_key, kind, report.nonce, ts(report.timestamp), hashlib.sha256(body).hexdigest(),
             envelope["signature"], len(body), SOURCE, ts(now)],
        )

    def register(self, envelope: Any, now: float | None = None) -> dict[str, Any]:
        """Register (or re-register) the node whose key signed the envelope; proof of possession is the signature."""
        now = time.time() if now is None else now
        p = self.params
        cur = self.db.cursor()
        report = verify_registration(envelope, seen_nonce=self._seen(now), now=now, window_s=p.window_s)
        try:
            out = self._register(cur, envelope, report, now)
        except BaseException:
            self.replay.release(report.public_key, report.nonce)  # nothing was stored: the node may send it again
            raise
        self._keys[report.public_key] = (out["node"]["network"], out["node"]["node_id"])
        return out

    def _register(self, cur: duckdb.DuckDBPyConnection, envelope: Any, report: VerifiedReport, now: float) -> dict[str, Any]:
        p = self.params
        if p.registration == "allowlist" and report.public_key not in p.operator_keys:
            raise ReportRejected("not_allowlisted")
        reg = parse_registration(report.payload)
        network, endorsed_by = self._namespace(report.public_key, reg)
        node = (network, reg.node_id)
        with self._transaction(cur):
            self._claim_nonce(cur, report, reg.network, now)
            owner = cur.execute("select public_key from node_keys where network = ? and node_id = ?", list(node)).fetchall()
            foreign = cur.execute("select 1 from nodes where network = ? and node_id = ? and source <> ?", [*node, SOURCE]).fetchall()
            if (owner and owner[0][0] != report.public_key) or foreign:
                raise ReportRejected("node_taken")
            bound = cur.execute("select network, node_id from node_keys where public_key = ?", [report.public_key]).fetchall()
            if bound and tuple(bound[0]) != node:
                raise ReportRejected("key_bound_to_other_node")
            if not bound:
                self._admit(cur, now)  # inside the transaction: a refused registration keeps the pruned rows too
            self._save_key(cur, report.public_key, reg, node, endorsed_by, now, new=not bound)
            self._log(cur, node, report, envelope, "register", now)
            self._beat(cur, node, now)
            if not bound:
                open_standing(cur, node, now, self.params.bond)
            attestation = self._attest(cur, node, reg, now)
            challenge = self._next_challenge(cur, node, now, force=True)
            mirror_node(cur, node, now, "registered", self.params.grace)
        return {"node": {"network": node[0], "node_id": node[1]}, "claimed_network": reg.network,
                "kind": "self-reported" if network == COMMUNITY else "endorsed" if endorsed_by else "open",
                "created": not bound, "attestation": attestation, "challenge": challenge}

    def _admit(self, cur: duckdb.DuckDBPyConnection, now: float) -> None:
        """Room for one more node that has proved nothing yet, or 429: past the cap the oldest unproven are pruned first."""
        unproven = cur.execute(query_text("verify_unproven"), {"cutoff": None}).fetchall()
        if len(unproven) < self.params.max_unproven:
            return
        if not self.prune_unproven(now, cur=cur):
            raise ReportRejected("unverified_cap")

    def prune_unproven(self, now: float | None = None, *, cur: duckdb.DuckDBPyConnection | None = None) -> int:
        """Forget registrations that passed no challenge within `unproven_ttl_s`; returns how many."""
        now = time.time() if now is None else now
        cur = cur or self.db.cursor()
        stale = cur.execute(query_text("verify_unproven"), {"cutoff": ts(now - self.params.unproven_ttl_s)}).fetchall()
        if not stale:
            return 0
        keys, networks, node_ids = (list(col) for col in zip(*stale, strict=True))
        for table in FORGET_BY_NODE:
            cur.execute(write_text("verify_forget_nodes").format(table=table), {"networks": networks, "node_ids": node_ids})
        for table in ("node_nonces", "node_keys"):
            cur.execute(write_text("verify_forget_keys").format(table=table), {"keys": keys})
        for cache in (self._runs, self._pending, self._issued):
            cache.forget()
        self._keys.clear()
        return len(stale)

    def _namespace(self, key: str, reg: Registration) -> tuple[str, str | None]:
        """Where a node lands: a real network only with an endorsement from that network's allowlisted operator key."""
        if reg.network not in REAL_NETWORKS:
            return reg.network, None
        allowed = self.params.network_operators.get(reg.network, frozenset())
        if reg.endorsement is not None:
            operator = verify_endorsement(reg.endorsement, reg.network, reg.node_id, key)
            if operator not in allowed:
                raise ReportRejected("operator_not_allowlisted")
            return reg.network, operator
        if key in allowed:
            return reg.network, key
        return COMMUNITY, None

    def _save_key(self, cur: duckdb.DuckDBPyConnection, key: str, reg: Registration, node: Node, endorsed_by: str | None, now: float,
                  *, new: bool) -> None:
        gpu, count = gpu_claim(reg.hardware)
        spec = normalize_gpu(gpu) if gpu else None
        vram = next((g.memory_gb for g in reg.hardware.gpus if g.name == gpu), None)
        values = [reg.operator, spec.model if spec else None, gpu, count, vram if vram is not None else (spec.vram_gb if spec else None),
                  reg.hardware.cpu_model, reg.hardware.cpu_cores, reg.hardware.memory_gb, reg.hardware.as_json(), reg.agent,
                  reg.network, endorsed_by]
        if new:
            cur.execute(write_text("verify_key_insert"), [key, *node, *values, ts(now), SOURCE, ts(now)])
        else:
            cur.execute(write_text("verify_key_update"), [*values, ts(now), key])

    def accept_report(self, envelope: Any, now: float | None = None) -> dict[str, Any]:
        """Verify and store one report from a registered node; returns what the node should do next."""
        now = time.time() if now is None else now
        beat = self._verified(envelope, now)
        if isinstance(beat, dict):
            return beat
        result = self._store_beats([beat])[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def accept_batch(self, envelopes: list[Any], now: float | list[float] | None = None) -> list[Any]:
        """Heartbeats relayed together, each verified on its own (as of `now`, or its own time in a list): per envelope the
        answer, or the ReportRejected refusing it."""
        times = now if isinstance(now, list) else [time.time() if now is None else now] * len(envelopes)
        results: list[Any] = [None] * len(envelopes)
        beats: list[tuple[int, Beat]] = []
        for i, envelope in enumerate(envelopes):
            try:
                beat = self._verified(envelope, times[i], heartbeat_only=True)
            except ReportRejected as exc:
                results[i] = exc
                continue
            assert isinstance(beat, Beat)
            beats.append((i, beat))
        for (i, _), result in zip(beats, self._store_beats([b for _, b in beats]) if beats else [], strict=True):
            results[i] = result
        return results

    def _verified(self, envelope: Any, now: float, *, heartbeat_only: bool = False) -> Beat | dict[str, Any]:
        """A verified heartbeat, ready for its batch; any other report is stored at once and its answer returned."""
        report = verify_report(envelope, known_keys=self._known, seen_nonce=self._seen(now), now=now, window_s=self.params.window_s)
        try:
            body = parse_report(report.payload)
            node = self._keys[report.public_key]
            if body.kind == "heartbeat":
                return Beat(node, report, envelope, now)
            if heartbeat_only:
                raise ReportRejected("malformed", "kind")
            return self._accept_now(self.db.cursor(), envelope, report, body, node, now)
        except BaseException:
            self.replay.release(report.public_key, report.nonce)  # nothing was stored: the node may send it again
            raise

    def _store_beats(self, beats: list[Beat]) -> list[Any]:
        """Through the writer's queue while its thread runs (answered after the batch commits), else at once as one batch."""
        try:
            if not (self.writer.running or len(self.writer)):
                return self.store_heartbeats(beats)
            futures = self.writer.submit_many(beats)
        except BaseException:
            for b in beats:
                self.replay.release(b.report.public_key, b.report.nonce)
            raise
        out: list[Any] = []
        for beat, future in zip(beats, futures, strict=True):
            try:
                out.append(future.result(self.answer_timeout_s))
            except TimeoutError:
                out.append(ReportRejected("busy"))  # still queued: it may yet be stored, so its nonce stays claimed
            except Exception as exc:  # its batch rolled back
                self.replay.release(beat.report.public_key, beat.report.nonce)
                out.append(exc)
        return out

    def _accept_now(self, cur: duckdb.DuckDBPyConnection, envelope: dict[str, Any], report: VerifiedReport, body: Report,
                    node: Node, now: float) -> dict[str, Any]:
        verdict = self._check_open(cur, node, body) if body.kind == "open" else None
        with self._transaction(cur):
            self._claim_nonce(cur, report, node[0], now)
            self._log(cur, node, report, envelope, body.kind, now)
            self._beat(cur, node, now)
            out: dict[str, Any] = {"accepted": body.kind}
            if body.kind == "commit":
                out.update(self._commit(cur, node, body, now))
            elif body.kind == "open":
                assert verdict is not None
                out.update(self._open(cur, node, body, verdict, now))
            else:
                assert body.hardware is not None and body.measured is not None
                reg = Registration(node[0], node[1], None, body.hardware, body.measured, None)
                out["attestation"] = self._attest(cur, node, reg, now)
            self._writes += 1
            if self._writes % PRUNE_EVERY == 0:
                cur.execute(write_text("verify_nonces_prune"), [ts(now - 2 * self.params.window_s)])
                self.prune_unproven(now, cur=cur)
        return out

    def _beat(self, cur: duckdb.DuckDBPyConnection, node: Node, now: float) -> None:
        """Any accepted report marks its slot up: extend the node's newest run, or start a new one after a gap."""
        slot = int(now // SLOT_S)
        last = self._runs.get(node, lambda: self._newest(cur, node))
        if last and last[1] >= slot - 1:
            cur.execute(write_text("verify_run_extend"), [slot, ts(now), *node, last[0]])
            self._runs.put(node, (last[0], max(last[1], slot)))
            refresh_nodes_availability(cur, [node], now)
            return
        cur.execute(write_text("verify_run_start"), [*node, slot, slot, SOURCE, ts(now)])
        self._runs.put(node, (slot, slot))
        refresh_nodes_availability(cur, [node], now)
        if last and slot - last[1] - 1 >= self.params.grace:
            self._outcome(cur, node, "downtime", now)

    def _newest(self, cur: duckdb.DuckDBPyConnection, node: Node) -> tuple[int, int] | None:
        rows = cur.execute("select first_slot, last_slot from node_heartbeat_runs where network = ? and node_id = ?"
                           " order by first_slot desc limit 1", list(node)).fetchall()
        return (rows[0][0], rows[0][1]) if rows else None

    def _attest(self, cur: duckdb.DuckDBPyConnection, node: Node, reg: Registration, now: float) -> list[dict[str, Any]]:
        rows = attest_node(reg.hardware, reg.measured)
        for r in rows:
            cur.execute(write_text("verify_attestation_insert"),
                        [*node, r["device"], r["claimed"], r["measured_compute"], r["measured_bandwidth"], r["compute_ratio"],
                         r["bandwidth_ratio"], r["best_fit"], r["verdict"], r["reason"], SOURCE, ts(now)])
            if r["device"] == "gpu" and r["verdict"] == "reject":
                # A GPU it does not have is deceit, punished as a failed proof; a shared CPU slice varies too much to punish.
                self._outcome(cur, node, "fail", now, "attestation:gpu")
        return rows
