"""The part of the store that judges work: issue challenges at random, take commitments, draw rows, check openings, settle."""

from __future__ import annotations

import json
import math
import random
import secrets
from typing import Any

import duckdb
import numpy as np

from computescope.core.verification.attestation import proof_window, proven_gflops, required_gflops
from computescope.core.verification.challenges import (
    DEFAULT_PRIME,
    OpenedRow,
    make_challenge,
    verify_spot_check,
)
from computescope.core.verification.signing import ReportRejected
from computescope.db import query_text, write_text
from computescope.verify.ledger import SOURCE, Node, apply, mirror_node, ts
from computescope.verify.params import VerifyParams
from computescope.verify.protocol import Report
from computescope.verify.staged import Staged

_SYSTEM = random.SystemRandom()
WIRE_CACHE = 50_000  # challenges whose wire form is kept in memory


class ChallengeDesk:
    """Mixed into the store, which supplies the parameters, the random source and the staged caches."""

    params: VerifyParams
    rng: np.random.Generator | None  # seeded only in tests; otherwise draws come from the operating system

    def _uniform(self) -> float:
        return float(self.rng.random()) if self.rng is not None else _SYSTEM.random()

    def _rows(self, n: int, k: int) -> list[int]:
        # A predictable draw would let a node compute just the rows it will be asked for.
        if self.rng is not None:
            return [int(i) for i in self.rng.integers(0, n, size=k)]
        return [_SYSTEM.randrange(n) for _ in range(k)]
    _pending: Staged[Node, dict[str, tuple[str, float]]]
    _issued: Staged[Node, float]

    def _outcome(self, cur: duckdb.DuckDBPyConnection, node: Node, kind: str, now: float, job_id: str | None = None) -> None:
        reward = 0.0 if kind == "downtime" else self.params.reward
        apply(cur, node, kind, now, reward=reward, grace=self.params.grace, params=self.params.consequences, job_id=job_id)

    def _next_challenge(self, cur: duckdb.DuckDBPyConnection, node: Node, now: float, *, force: bool) -> dict[str, Any] | None:
        """Settle overdue challenges, re-deliver a pending one, or issue a new one at exponential random gaps."""
        waiting = None
        for cid, (state, due) in list(self._unsettled(cur, node).items()):
            if now > due:
                self._settle(cur, node, cid, False, "no_response", now)
            elif state == "issued":
                waiting = cid
            else:
                return None
        if waiting is not None:
            return self._wire(cur, waiting)
        if not force:
            last = self._issued.get(node, lambda: cur.execute("select coalesce(max(epoch(issued_at)), 0) from node_challenges"
                                                              " where network = ? and node_id = ?", list(node)).fetchall()[0][0])
            if self._uniform() >= -math.expm1(-(now - last) / self.params.challenge_mean_s):
                return None
        p = self.params
        n, required, rtt, proof_by = self._sizing(cur, node, now)
        wire = {"id": secrets.token_hex(16), "seed": secrets.token_hex(16), "n": n, "prime": DEFAULT_PRIME,
                "spot_rows": p.spot_rows, "issued_at": now, "deadline": now + p.challenge_ttl_s, "proof_deadline": proof_by}
        cur.execute(write_text("verify_challenge_issue"),
                    [wire["id"], *node, wire["seed"], n, DEFAULT_PRIME, p.spot_rows, ts(now), ts(wire["deadline"]), required,
                     ts(proof_by) if proof_by is not None else None, rtt, SOURCE, ts(now)])
        self._issued.put(node, now)
        self._mark(cur, node, wire["id"], ("issued", wire["deadline"]))
        return wire

    def _sizing(self, cur: duckdb.DuckDBPyConnection, node: Node, now: float) -> tuple[int, float | None, float, float | None]:
        """n, the GFLOPS the claim needs, the round trip credited, and the proof deadline (None for a claim no datasheet rates).

        Only hardware of the claimed throughput commits by the proof deadline; a slower node still passes if its answer is
        right before the hard deadline, but its claim stays unproven.
        """
        p = self.params
        claim = cur.execute(query_text("verify_node_claim"), list(node)).fetchall()
        required = required_gflops(*claim[0]) if claim else None
        measured = cur.execute(query_text("verify_node_rtt"), list(node)).fetchall()[0][0]
        # Until it has answered once, no round trip is credited: the first proof is the strictest.
        rtt = min(float(measured), p.max_rtt_s) if measured is not None else 0.0
        if required is None:
            return p.challenge_n, None, rtt, None
        n = max(p.challenge_n, p.proof_n or 0)
        return n, required, rtt, now + min(p.challenge_ttl_s, proof_window(n, required, rtt, p.proof_slack_s))

    def _unsettled(self, cur: duckdb.DuckDBPyConnection, node: Node) -> dict[str, tuple[str, float]]:
        """The node's unsettled challenges: id -> (state, when it is due), oldest first."""
        def load() -> dict[str, tuple[str, float]]:
            rows = cur.execute("select challenge_id, state, epoch(deadline), epoch(open_deadline) from node_challenges"
                               " where network = ? and node_id = ? and state <> 'settled' order by issued_at", list(node)).fetchall()
            return {cid: (state, deadline if state == "issued" else due) for cid, state, deadline, due in rows}

        return self._pending.get(node, load)

    def _mark(self, cur: duckdb.DuckDBPyConnection, node: Node, cid: str, entry: tuple[str, float] | None) -> None:
        pending = dict(self._unsettled(cur, node))
        if entry is None:
            pending.pop(cid, None)
        else:
            pending[cid] = entry
        self._pending.put(node, pending)

    def _wire(self, cur: duckdb.DuckDBPyConnection, cid: str) -> dict[str, Any]:
        # An issued challenge never changes: re-delivering it on every heartbeat until answered needs no query after the first.
        wires = self.__dict__.setdefault("_wires", {})
        if cid not in wires:
            if len(wires) > WIRE_CACHE:
                wires.clear()
            wires[cid] = self._wire_row(cur, cid)
        return dict(wires[cid])

    def _wire_row(self, cur: duckdb.DuckDBPyConnection, cid: str) -> dict[str, Any]:
        row = cur.execute("select seed, n, prime, spot_rows, epoch(issued_at), epoch(deadline), epoch(proof_deadline) from node_challenges"
                          " where challenge_id = ?", [cid]).fetchall()[0]
        return {"id": cid, "seed": row[0], "n": row[1], "prime": row[2], "spot_rows": row[3], "issued_at": row[4], "deadline": row[5],
                "proof_deadline": row[6]}

    def _challenge(self, cur: duckdb.DuckDBPyConnection, node: Node, cid: str | None) -> dict[str, Any]:
        rows = cur.execute("select challenge_id, seed, n, prime, spot_rows, epoch(issued_at), epoch(deadline), state, root, open_rows,"
                           " epoch(open_deadline), rtt_s from node_challenges where challenge_id = ? and network = ? and node_id = ?",
                           [cid, *node]).fetchall()
        if not rows:
            raise ReportRejected("unknown_challenge")
        keys = ("id", "seed", "n", "prime", "k", "issued_at", "deadline", "state", "root", "open_rows", "open_deadline", "rtt_s")
        return dict(zip(keys, rows[0], strict=True))

    def _commit(self, cur: duckdb.DuckDBPyConnection, node: Node, body: Report, now: float) -> dict[str, Any]:
        ch = self._challenge(cur, node, body.challenge_id)
        if ch["state"] != "issued":
            raise ReportRejected("challenge_not_pending")
        latency = now - ch["issued_at"]
        if now > ch["deadline"]:
            self._settle(cur, node, ch["id"], False, "late", now, latency=latency)
            return {"verdict": "fail", "reason": "late"}
        # Rows are drawn only now, after the node is bound to its root: it cannot know which rows to compute.
        rows = self._rows(ch["n"], ch["k"])
        gflops = 2 * ch["n"] ** 3 / max(latency, 1e-6) / 1e9
        shown = proven_gflops(ch["n"], latency, ch["rtt_s"] or 0.0)
        cur.execute(write_text("verify_challenge_commit"),
                    [body.root.hex() if body.root else None, ts(now), json.dumps(rows), ts(now + self.params.open_ttl_s), latency, gflops,
                     shown, ts(now), ch["id"]])
        self._mark(cur, node, ch["id"], ("committed", now + self.params.open_ttl_s))
        return {"challenge_id": ch["id"], "open": rows, "open_deadline": now + self.params.open_ttl_s}

    def _check_open(self, cur: duckdb.DuckDBPyConnection, node: Node, body: Report) -> tuple[bool, str | None]:
        """The spot check itself, outside the write lock: rebuild A and B from the seed, recompute only the opened rows."""
        ch = self._challenge(cur, node, body.challenge_id)
        if ch["state"] != "committed":
            raise ReportRejected("challenge_not_pending")
        if {o.index for o in body.opened} != set(json.loads(ch["open_rows"])):
            return False, "wrong_rows"
        challenge = make_challenge(bytes.fromhex(ch["seed"]), ch["n"], ch["prime"])
        opened = [OpenedRow(o.index, o.row, o.proof) for o in body.opened]
        verdict = verify_spot_check(bytes.fromhex(ch["root"]), challenge.a, challenge.b, opened, ch["prime"])
        return verdict.ok, verdict.reason

    def _open(self, cur: duckdb.DuckDBPyConnection, node: Node, body: Report, verdict: tuple[bool, str | None], now: float) -> dict[str, Any]:
        ch = self._challenge(cur, node, body.challenge_id)
        if ch["state"] != "committed":
            raise ReportRejected("challenge_not_pending")
        ok, reason = (False, "late") if now > ch["open_deadline"] else verdict
        self._settle(cur, node, ch["id"], ok, reason, now)
        return {"challenge_id": ch["id"], "verdict": "pass" if ok else "fail", "reason": reason}

    def _settle(self, cur: duckdb.DuckDBPyConnection, node: Node, cid: str, ok: bool, reason: str | None, now: float,
                latency: float | None = None) -> None:
        cur.execute(write_text("verify_challenge_settle"), ["pass" if ok else "fail", reason, ts(now), latency, ts(now), cid])
        self._mark(cur, node, cid, None)
        self._outcome(cur, node, "pass" if ok else "fail", now, cid)
        mirror_node(cur, node, now, "verified" if ok else "failing", self.params.grace)
