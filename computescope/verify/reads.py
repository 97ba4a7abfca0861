"""The verification read path: node list with server-side filter, sort and paging; node detail; verified capacity."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from computescope.core.catalog.gpus import normalize_gpu
from computescope.core.verification.attestation import proven_class, required_gflops
from computescope.core.verification.liveness import DEFAULT_GRACE, DEFAULT_SLA, SLOT_S, outages_from_slots
from computescope.db import Database, query_text, read_frame
from computescope.verify.availability import rollup_serves

# Identifiers reach SQL only through these tables: a grid column id maps to a fixed expression.
SORTABLE: dict[str, str] = {
    "network": "network", "node_id": "node_id", "node": "node_id", "operator": "operator", "claimed_gpu": "claimed_gpu",
    "attested_gpu": "attested_gpu", "gpu_count": "gpu_count", "cpu_cores": "cpu_cores", "availability_1d": "availability_1d",
    "availability_7d": "availability_7d", "availability_30d": "availability_30d", "availability_7d_pct": "availability_7d",
    "availability_30d_pct": "availability_30d", "sla_breach": "sla_breach", "sla": "sla_breach", "reputation": "reputation",
    "reputation_pct": "reputation", "stake": "stake", "status": "status", "registered_at": "registered_at", "last_seen": "last_seen",
    "challenges_passed": "challenges_passed", "challenges_failed": "challenges_failed",
}
TEXT_FILTERS: dict[str, str] = {
    "network": "network", "node": "node_id", "node_id": "node_id", "operator": "coalesce(operator, '')",
    "claimed_gpu": "coalesce(claimed_gpu, '')", "attested_gpu": "coalesce(attested_gpu, '')", "status": "status",
}
NUMBER_FILTERS: dict[str, str] = {
    "availability_7d_pct": "availability_7d * 100", "availability_30d_pct": "availability_30d * 100",
    "reputation_pct": "reputation * 100", "stake": "stake", "gpu_count": "gpu_count", "cpu_cores": "cpu_cores",
}
NUMBER_OPS = {"equals": "=", "notEqual": "<>", "lessThan": "<", "lessThanOrEqual": "<=", "greaterThan": ">", "greaterThanOrEqual": ">="}
STATUSES = ("verified", "registered", "failing", "offline", "suspended")
# sorts and grid filters that node_keys answers alone: a page sorted and filtered by these only is chosen before computing
KEY_SORTS = frozenset({"network", "node_id", "operator", "claimed_gpu", "gpu_count", "cpu_cores", "registered_at"})
KEY_FILTERS = frozenset({"search", "network", "node", "node_id", "operator", "claimed_gpu", "gpu_count", "cpu_cores"})
MAX_LIMIT = 1000
HISTORY_LIMIT = 2000  # rows of a node's proofs and story on its page and in its API answer


@dataclass(frozen=True)
class NodeQuery:
    network: str | None = None
    operator: str | None = None
    model: str | None = None
    q: str | None = None
    node_id: str | None = None
    status: str | None = None


MAX_FILTER_CONDITIONS = 32  # conditions in one grid filter model, all columns together
MAX_FILTER_DEPTH = 2  # a column's conditions may hold conditions, not deeper (the grid itself sends one level)


class FilterTooLarge(ValueError):
    """A grid filter model over its budget; the message names the limit."""


class _Where:
    """WHERE clauses from a grid filter model; every value becomes a bound parameter."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: dict[str, Any] = {}
        self.conditions = 0
        self.computed = False  # whether a clause reads a column that node_keys does not hold

    def bind(self, value: Any) -> str:
        name = f"f{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def condition(self, col: str, spec: Mapping[str, Any], depth: int = 1) -> str | None:
        self.conditions += 1
        self.computed = self.computed or col not in KEY_FILTERS
        if self.conditions > MAX_FILTER_CONDITIONS:
            raise FilterTooLarge(f"a node filter holds at most {MAX_FILTER_CONDITIONS} conditions")
        if "conditions" in spec and isinstance(spec["conditions"], list):
            if depth >= MAX_FILTER_DEPTH:
                raise FilterTooLarge(f"a node filter nests conditions at most {MAX_FILTER_DEPTH} levels deep")
            parts = [c for c in (self.condition(col, s, depth + 1) for s in spec["conditions"] if isinstance(s, Mapping)) if c]
            joiner = " or " if str(spec.get("operator", "AND")).upper() == "OR" else " and "
            return f"({joiner.join(parts)})" if parts else None
        kind, value = spec.get("type"), spec.get("filter")
        if col == "search":
            if not isinstance(value, str) or not value:
                return None
            v = self.bind(value.lower())
            return f"(contains(lower(node_id), {v}) or contains(lower(coalesce(operator, '')), {v}))"
        if col in TEXT_FILTERS and isinstance(value, str):
            expr, v = f"lower({TEXT_FILTERS[col]})", self.bind(value.lower())
            text_ops = {"contains": f"contains({expr}, {v})", "notContains": f"not contains({expr}, {v})", "equals": f"{expr} = {v}",
                        "notEqual": f"{expr} <> {v}", "startsWith": f"starts_with({expr}, {v})", "endsWith": f"suffix({expr}, {v})"}
            return text_ops.get(str(kind))
        if col in NUMBER_FILTERS and isinstance(value, (int, float)) and not isinstance(value, bool):
            expr = NUMBER_FILTERS[col]
            if kind == "inRange" and isinstance(spec.get("filterTo"), (int, float)):
                return f"({expr} between {self.bind(float(value))} and {self.bind(float(spec['filterTo']))})"
            if kind in NUMBER_OPS:
                return f"{expr} {NUMBER_OPS[str(kind)]} {self.bind(float(value))}"
        return None


def _params(query: NodeQuery, now: float, grace: int, sla: float) -> dict[str, Any]:
    model = normalize_gpu(query.model).model if query.model else None
    return {"now": now, "grace": grace, "sla": sla, "network": query.network, "node_id": query.node_id,
            "operator": query.operator, "model": model, "q": query.q, "keys": None}


def list_nodes(
    db: Database,
    query: NodeQuery | None = None,
    *,
    now: float | None = None,
    sort: Sequence[tuple[str, str]] = (),
    filter_model: Mapping[str, Any] | None = None,
    limit: int | None = 100,
    offset: int = 0,
    grace: int = DEFAULT_GRACE,
    sla: float = DEFAULT_SLA,
) -> tuple[pl.DataFrame, int]:
    """One page of nodes and the number of nodes that match; sort and filter columns come from allowlists."""
    query = query or NodeQuery()
    where = _Where()
    if query.status is not None:
        where.clauses.append(f"status = {where.bind(query.status)}")
        where.computed = True
    for col, spec in (filter_model or {}).items():
        clause = where.condition(col, spec) if isinstance(spec, Mapping) else None
        if clause:
            where.clauses.append(clause)
    sorts = [(SORTABLE[c], d) for c, d in sort if c in SORTABLE]
    order = [f"{col} {'desc' if d == 'desc' else 'asc'} nulls last" for col, d in sorts] + ["network", "node_id"]
    now = time.time() if now is None else now
    cur = db.cursor()
    params = {**_params(query, now, grace, sla), "rolled": rollup_serves(cur, now), **where.params}
    page = ""
    if limit is not None:
        params.update(limit=max(0, min(int(limit), MAX_LIMIT)), offset=max(0, int(offset)))
        page = "limit $limit offset $offset"
    total_keys = 0
    keyed = limit is not None and not where.computed and query.model is None and all(col in KEY_SORTS for col, _ in sorts)
    if keyed:
        # the page comes from node_keys alone (the same clauses hold there); everything else is computed for its rows only
        chosen = cur.execute(f"{query_text('nodes_page_keys')} and {' and '.join(where.clauses) or 'true'} order by {', '.join(order)} {page}",
                             {k: params[k] for k in ("network", "node_id", "operator", "q", "limit", "offset", *where.params)}).fetchall()
        params["keys"] = [key for key, _ in chosen] or [""]  # an empty page: a key no node has ('network/node_id' always has a '/')
        total_keys = int(chosen[0][1]) if chosen else 0
        page = ""
        del params["limit"], params["offset"]
    sql = (f"with page as (select *, count(*) over () as total_rows from ({query_text('nodes_list')}) "
           f"where {' and '.join(where.clauses) or 'true'} order by {', '.join(order)} {page}) "
           "select page.* replace (d.last_challenge_at as last_challenge_at, d.median_latency_s as median_latency_s, "
           "d.proven_gflops as proven_gflops, coalesce(d.claim_proofs, 0) as claim_proofs) "
           f"from page left join ({query_text('nodes_list_proofs')}) as d on d.network = page.network and d.node_id = page.node_id "
           f"order by {', '.join(order)}")
    frame = read_frame(cur, sql, params)
    total = total_keys if keyed else int(frame["total_rows"][0]) if frame.height else 0
    if frame.height == 0 and offset > 0:
        total = list_nodes(db, query, now=now, filter_model=filter_model, limit=1, offset=0, grace=grace, sla=sla)[1]
    return frame.drop("total_rows"), total


def hourly_availability(runs: pl.DataFrame, registered_at: float, now: float, hours: int = 168, grace: int = DEFAULT_GRACE) -> pl.DataFrame:
    """Availability per UTC hour over the last `hours` hours, grace applied as in the SLA; hours before registration are null."""
    per_hour = 3600 // SLOT_S
    end = int(now // SLOT_S)
    start = (int(now // 3600) - hours + 1) * per_hour
    reg = int(np.ceil(registered_at / SLOT_S))
    up = np.zeros(hours * per_hour + 1, dtype=np.int64)
    if runs.height:
        a = np.clip(runs["first_slot"].to_numpy() - start, 0, len(up) - 1)
        b = np.clip(runs["last_slot"].to_numpy() + 1 - start, 0, len(up) - 1)
        np.add.at(up, a, 1)
        np.add.at(up, b, -1)
    heard = np.cumsum(up)[:-1] > 0
    slots = np.arange(start, start + hours * per_hour)
    expected = (slots >= reg) & (slots < end)
    lo = max(start, min(reg, end))
    outages = outages_from_slots(slots[heard], first_slot=lo, end_slot=max(lo, end))
    down = np.zeros(len(slots), dtype=bool)
    for a0, b0 in outages[(outages[:, 1] - outages[:, 0]) >= max(grace, 1)]:
        down[a0 - start : b0 - start] = True
    exp_h = expected.reshape(hours, per_hour).sum(axis=1)
    up_h = (expected & ~down).reshape(hours, per_hour).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(exp_h > 0, up_h / exp_h, np.nan)
    hour_start = (np.arange(hours) + start // per_hour) * 3600
    return pl.DataFrame({"hour": hour_start, "availability": share, "expected_slots": exp_h}).with_columns(
        pl.from_epoch("hour", time_unit="s").dt.replace_time_zone("UTC"), pl.col("availability").fill_nan(None)
    )


def node_detail(db: Database, network: str, node_id: str, *, now: float | None = None, grace: int = DEFAULT_GRACE,
                sla: float = DEFAULT_SLA, hours: int = 168) -> dict[str, Any] | None:
    """Everything the node page and the node API show, or None for an unknown node."""
    now = time.time() if now is None else now
    key = {"network": network, "node_id": node_id}
    got = db.together({
        "listed": lambda: list_nodes(db, NodeQuery(network=network, node_id=node_id), now=now, limit=1, grace=grace, sla=sla),
        "runs": lambda: db.frame("nodes_runs", {**key, "from_slot": int(now // SLOT_S) - hours * 60 - 60}),
        "challenges": lambda: db.frame("nodes_challenges", {**key, "limit": 200}),
        "attestations": lambda: db.frame("nodes_attestations", key),
        "events": lambda: db.frame("nodes_events", {**key, "limit": 500}),
        "proofs": lambda: db.frame("nodes_proofs", {**key, "limit": HISTORY_LIMIT}),
        "story": lambda: db.frame("nodes_story", {**key, "now": now, "grace": grace, "limit": HISTORY_LIMIT}),
    })
    rows, _ = got["listed"]
    if rows.is_empty():
        return None
    node = rows.row(0, named=True)
    runs = got["runs"]
    windows = {w: {"availability": node[f"availability_{w}"], "expected_slots": node[f"expected_{w}"], "down_slots": node[f"down_{w}"]}
               for w in ("1d", "7d", "30d")}
    return {
        "node": node,
        "now": now,
        "frame": rows,
        "availability": windows,
        "sla": {"target": sla, "window": "30d", "availability": node["availability_30d"], "breach": node["sla_breach"]},
        "timeline": hourly_availability(runs, node["registered_at"].timestamp(), now, hours, grace),
        "challenges": got["challenges"],
        "attestations": got["attestations"],
        "events": got["events"],
        "proofs": got["proofs"],
        "story": got["story"],
        "status_reason": status_reason(node, grace),
        "hardware_proof": hardware_proof(node),
    }


def status_reason(node: Mapping[str, Any], grace: int = DEFAULT_GRACE) -> str:
    """Why the node has its status, in words, from the same records the status is computed from."""
    failed = int(node["challenges_failed"]) + int(node["attestations_failed"])
    proofs = f"{int(node['challenges_passed'])} challenges passed, {failed} proofs failed"
    if node["status"] == "suspended":
        return f"suspended until {node['suspended_until']:%Y-%m-%d %H:%M} UTC after repeated failed proofs ({proofs})"
    if node["status"] == "offline":
        seen = f"{node['last_seen']:%Y-%m-%d %H:%M} UTC" if node["last_seen"] is not None else "never"
        return f"no heartbeat for more than {grace} minutes (last heard {seen})"
    if node["status"] == "failing":
        if node["gpu_verdict"] == "reject":
            fits = f"measures as {node['attested_gpu']}" if node["attested_gpu"] else "fits no GPU in the table"
            return f"GPU attestation rejected: claims {node['claimed_gpu_raw']}, {fits}"
        if node["cpu_verdict"] == "reject":
            return "CPU attestation rejected: the measured CPU is not the claimed one"
        return f"its last challenge failed ({proofs})"
    if node["status"] == "verified":
        return f"last challenge passed, hardware not rejected ({proofs})"
    return "no challenge settled yet"


def claim_proven(node: Mapping[str, Any]) -> bool:
    """Whether a passed timed challenge showed at least the throughput the node's claimed GPU (or CPU) needs."""
    need = required_gflops(node["claimed_gpu_raw"], node["cpu_model"], node["cpu_cores"])
    return need is not None and node["proven_gflops"] is not None and node["proven_gflops"] >= need


def hardware_proof(node: Mapping[str, Any]) -> dict[str, Any]:
    """Claimed against proven hardware for the node page and API: the class the proven throughput supports, and a flag."""
    need = required_gflops(node["claimed_gpu_raw"], node["cpu_model"], node["cpu_cores"])
    proven = node["proven_gflops"]
    best = proven_class(proven, node["cpu_cores"])
    claimed = node["claimed_gpu_raw"] or node["cpu_model"]
    if need is None:
        flag = None if not claimed else f"{claimed} has no datasheet entry: the claim is self-reported"
    elif proven is None or proven < need:
        shown = f"{proven:,.1f} GFLOPS" if proven is not None else "no passed challenge"
        flag = f"claim above proven: {claimed} needs {need:,.0f} GFLOPS on a timed challenge; proven {shown}"
    else:
        flag = None
    return {"claimed": claimed, "required_gflops": need, "proven_gflops": proven, "proven_class": best,
            "claim_proofs": node["claim_proofs"], "flag": flag}


def capacity(db: Database, *, now: float | None = None) -> pl.DataFrame:
    """Per network: nodes, GPUs and CPU cores registered (claimed) against verified here (status verified, GPUs attested)."""
    nodes, _ = list_nodes(db, now=now, limit=None)
    if nodes.is_empty():
        return pl.DataFrame(schema={"network": pl.Utf8, "nodes_registered": pl.Int64, "nodes_verified": pl.Int64, "gpus_claimed": pl.Int64,
                                    "gpus_attested": pl.Int64, "cores_claimed": pl.Int64, "cores_verified": pl.Int64,
                                    "source": pl.Utf8, "observed_at": pl.Datetime("us", "UTC")})
    ok = pl.col("status") == "verified"
    nodes = nodes.with_columns(pl.Series("claim_proven", [claim_proven(r) for r in nodes.iter_rows(named=True)], dtype=pl.Boolean))
    return (
        nodes.group_by("network")
        .agg(
            pl.len().cast(pl.Int64).alias("nodes_registered"),
            ok.sum().cast(pl.Int64).alias("nodes_verified"),
            pl.col("gpu_count").sum().cast(pl.Int64).alias("gpus_claimed"),
            # Attested means proven by a timed challenge; the node's own benchmark never counts, and community nodes never do.
            pl.col("gpu_count").filter(ok & pl.col("claim_proven") & (pl.col("network") != "community")).sum().cast(pl.Int64)
            .alias("gpus_attested"),
            pl.col("cpu_cores").sum().cast(pl.Int64).alias("cores_claimed"),
            pl.col("cpu_cores").filter(ok & (pl.col("cpu_verdict").fill_null("") != "reject")).sum().cast(pl.Int64).alias("cores_verified"),
            pl.first("source"),
            pl.col("observed_at").max(),
        )
        .sort("network")
    )
