"""A node's standing between outcomes: stake, reputation and events through the core's apply_outcome, and uptime from runs."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np

from computescope.core.verification.liveness import SLOT_S, availability_from_outages
from computescope.core.verification.reputation import ConsequenceParams, NodeState, Outcome, apply_outcome
from computescope.db import write_text

SOURCE = "agent"
Node = tuple[str, str]
WINDOWS = {"1d": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400}
_FAR = 2**40  # slots; far beyond any window, so the gaps before the first run and after the last are open-ended


def ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def uptimes(cur: duckdb.DuckDBPyConnection, node: Node, now: float, grace: int,
            windows: dict[str, int] = WINDOWS) -> dict[str, tuple[float, int, int]]:
    """Availability of one node from its runs, through the core's outage form: (fraction, expected slots, down slots) per window."""
    rows = cur.execute("select first_slot, last_slot from node_heartbeat_runs where network = ? and node_id = ? order by first_slot",
                       list(node)).fetchall()
    reg = cur.execute("select epoch(registered_at) from node_keys where network = ? and node_id = ?", list(node)).fetchall()
    runs = np.asarray(rows, dtype=np.int64).reshape(-1, 2)
    # The outages are the gaps between runs: [last_i + 1, first_(i+1)) in slots, as seconds.
    starts = np.concatenate(([-_FAR], runs[:, 1] + 1)) * SLOT_S
    ends = np.concatenate((runs[:, 0], [_FAR])) * SLOT_S
    outages = np.column_stack((starts, ends))
    out = {}
    for name, window_s in windows.items():
        a = availability_from_outages(outages, registered_at=float(reg[0][0]), now=now, window_s=window_s, grace=grace)
        out[name] = (a.availability, a.expected_slots, a.down_slots)
    return out


def uptime(cur: duckdb.DuckDBPyConnection, node: Node, now: float, window_s: int, grace: int) -> tuple[float, int, int]:
    """Availability of one node over one window (see uptimes)."""
    return uptimes(cur, node, now, grace, {"w": window_s})["w"]


def record_events(cur: duckdb.DuckDBPyConnection, node: Node, events: list[dict[str, Any]], now: float) -> None:
    if not events:
        return
    cur.execute(write_text("verify_events_insert"), {
        "network": node[0], "node_id": node[1], "kinds": [e["kind"] for e in events], "amounts": [e.get("amount") for e in events],
        "values": [e.get("value", e.get("until")) for e in events], "reasons": [e.get("reason") for e in events],
        "jobs": [e.get("job_id") for e in events], "source": SOURCE, "observed_at": ts(now)})


def open_standing(cur: duckdb.DuckDBPyConnection, node: Node, now: float, bond: float) -> None:
    """A new node starts with its bond, no history, and the prior reputation."""
    state = NodeState(stake=bond)
    cur.execute(write_text("verify_standing_open"),
                [*node, state.stake, state.reputation, SOURCE, ts(now)])
    record_events(cur, node, [{"kind": "bond", "amount": state.stake, "reason": "registration"},
                              {"kind": "reputation", "value": state.reputation}], now)


def apply(cur: duckdb.DuckDBPyConnection, node: Node, kind: str, now: float, *, reward: float, grace: int,
          params: ConsequenceParams, job_id: str | None = None) -> None:
    """One outcome (pass, fail, downtime) through the core: new standing and the events it caused."""
    row = cur.execute("select stake, passes, fails, uptime_30d, score, failures, epoch(suspended_until), earned from node_standing"
                      " where network = ? and node_id = ?", list(node)).fetchall()[0]
    state = NodeState(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6], row[7])
    up = uptime(cur, node, now, WINDOWS["30d"], grace)[0]
    outcome = Outcome(kind, now, reward=reward, job_id=job_id, uptime_30d=1.0 if math.isnan(up) else up)
    new, events = apply_outcome(state, outcome, params)
    cur.execute(write_text("verify_standing_update"),
                [new.stake, new.passes, new.fails, new.uptime_30d, new.score, json.dumps(list(new.failures)),
                 ts(new.suspended_until) if new.suspended_until is not None else None, new.earned, new.reputation, ts(now), *node])
    record_events(cur, node, events, now)


def mirror_node(cur: duckdb.DuckDBPyConnection, node: Node, now: float, status: str, grace: int) -> None:
    """Keep the node in the shared current-state `nodes` table (source agent), with its uptimes as of now."""
    up = [u[0] for u in uptimes(cur, node, now, grace).values()]
    k = cur.execute("select operator, claimed_gpu, claimed_gpu_raw, gpu_vram_gb, gpu_count, cpu_cores, memory_gb, registered_at"
                    " from node_keys where network = ? and node_id = ?", list(node)).fetchall()[0]
    cur.execute(write_text("verify_node_unmirror"), [*node, SOURCE])
    cur.execute(write_text("verify_node_mirror"),
                [*node, k[0], node[1], k[1], k[2], k[3], k[4], k[5], k[6], status, *(None if math.isnan(v) else v for v in up),
                 k[7], SOURCE, ts(now)])
