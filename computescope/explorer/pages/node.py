"""A node's page: is it up, did it do the work, is its hardware what it claims, and what did that cost or earn it?"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import dash_mantine_components as dmc
import polars as pl
from dash import dcc, html, register_page

from computescope.explorer import fmt
from computescope.explorer.components.cards import create_stat
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import db
from computescope.explorer.figures.nodes import availability_timeline, challenge_latency, reputation_stake
from computescope.explorer.theme import color_for
from computescope.verify.reads import node_detail

register_page(__name__, path_template="/nodes/<network>/<node_id>", name="Node", title="computescope · Node", nav=False)

STATUS_COLOR = {"verified": "green", "registered": "blue", "failing": "red", "offline": "gray", "suspended": "orange"}
VERDICT_COLOR = {"accept": "green", "pass": "green", "reject": "red", "fail": "red", "unrated": "gray", "unmeasured": "gray"}
PREFIX = "signed reports from the node "
WINDOW = {"1d": "last 24 h", "7d": "last 7 days", "30d": "last 30 days"}
STORY_ROWS = 200


def _section(title: str, *children: Any) -> dmc.Paper:
    return dmc.Paper([dmc.Title(title, order=4, mb="xs"), *children], withBorder=True, radius="md", p="md", mt="md")


def _table(header: list[str], rows: list[list[Any]], table_id: str) -> dmc.Table:
    return dmc.Table(
        [dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in header])),
         dmc.TableTbody([dmc.TableTr([dmc.TableTd(c) for c in r]) for r in rows])],
        striped=True, withTableBorder=True, id=table_id,
    )


def _badge(word: str | None) -> Any:
    return dmc.Badge(word, color=VERDICT_COLOR.get(word, "gray"), variant="light") if word else fmt.DASH


def _num(value: float | None, digits: int = 1, unit: str = "") -> str:
    return fmt.DASH if value is None else f"{value:,.{digits}f}{unit}"


def _event_value(row: dict[str, Any]) -> str:
    if row["value"] is None:
        return fmt.DASH
    if row["kind"] == "suspend":
        return f"until {fmt.exact_time(datetime.fromtimestamp(row['value'], UTC))}"
    if row["kind"] in ("offline", "online"):
        return f"{fmt.count(row['value'])} min without heartbeat"
    if row["kind"].startswith("challenge_"):
        return f"{row['value'] * 1000:,.0f} ms"
    if row["kind"].startswith("attestation_"):
        return f"{fmt.pct(row['value'])} of peak"
    return fmt.pct(row["value"])


def _proof_id(proof_id: str) -> str:
    """What the proof and event tables both print for one proof: an attestation by device, a challenge by its id's head."""
    return proof_id.replace(":", " ") if proof_id.startswith("attestation:") else proof_id[:10]


def _sla_word(node: dict[str, Any], sla: dict[str, Any]) -> str:
    if sla["breach"] is None:
        return fmt.DASH
    if sla["breach"]:
        return "breached"
    return "met" if node["status"] == "verified" else f"met · {node['status']}"


def _sla_note(node: dict[str, Any], sla: dict[str, Any], reason: str) -> str:
    window = f"30-day availability {fmt.pct(sla['availability'])} against the target, {WINDOW['30d']}"
    if node["status"] in ("verified", "registered") or sla["breach"] is None:
        return window
    return f"{window}; the SLA counts uptime only, and the node is {node['status']}: {reason}"


def _unknown(network: str, node_id: str) -> html.Div:
    return html.Div(
        [dmc.Title("No such node", order=2, mt="md"),
         dmc.Text([f"No node {node_id!r} has registered on {network!r} with this explorer. ",
                   dmc.Anchor("See every node that has", href="/nodes"), "."])],
        id="node-unknown",
    )


def _claim(claimed: str, proof: dict[str, Any]) -> Any:
    """The claimed hardware and, beside it, what the timed challenges proved: a flag when the claim is above it."""
    if proof["flag"]:
        return html.Span([claimed, " ", dmc.Badge("claim above proven" if proof["flag"].startswith("claim above proven") else "self-reported",
                                                  color="red" if proof["flag"].startswith("claim above proven") else "gray", variant="light",
                                                  style={"textTransform": "none"}),
                          dmc.Text(proof["flag"], size="xs", c="dimmed")], id="node-hardware-proof")
    proven = f"proven {_num(proof['proven_gflops'])} GFLOPS" if proof["proven_gflops"] is not None else "no claim to prove"
    return html.Span([claimed, " ", dmc.Badge(proven, color="green", variant="light", style={"textTransform": "none"})], id="node-hardware-proof")


def _hardware(node: dict[str, Any], attestations: pl.DataFrame, proof: dict[str, Any]) -> list[list[Any]]:
    latest = {r["device"]: r for r in attestations.unique("device", keep="first", maintain_order=True).iter_rows(named=True)}
    rows = []
    gpu = latest.get("gpu")
    claimed_gpu: Any = f"{node['claimed_gpu_raw']} ×{node['gpu_count']}" if node["gpu_count"] else "no GPU"
    claimed_cpu: Any = f"{node['cpu_model'] or 'unknown CPU'} · {fmt.count(node['cpu_cores'])} cores · {_num(node['memory_gb'])} GB"
    if node["gpu_count"]:
        claimed_gpu = _claim(claimed_gpu, proof)
    else:
        claimed_cpu = _claim(claimed_cpu, proof)
    if gpu:
        measured = f"{_num(gpu['measured_compute'], 3)} TFLOPS · {_num(gpu['measured_bandwidth'], 3)} TB/s" if gpu["measured_compute"] else fmt.DASH
        ratios = f"{fmt.pct(gpu['compute_ratio'])} · {fmt.pct(gpu['bandwidth_ratio'])}" if gpu["compute_ratio"] is not None else fmt.DASH
        rows.append(["GPU", claimed_gpu, measured, ratios, gpu["best_fit"] or "fits no GPU in the table", _badge(gpu["verdict"]), gpu["reason"] or ""])
    else:
        rows.append(["GPU", claimed_gpu, fmt.DASH, fmt.DASH, fmt.DASH, fmt.DASH, ""])
    cpu = latest.get("cpu")
    if cpu:
        measured = f"{_num(cpu['measured_compute'])} GFLOPS (FP64) · {_num(cpu['measured_bandwidth'])} GB/s"
        ratios = f"{fmt.pct(cpu['compute_ratio'])}" if cpu["compute_ratio"] is not None else fmt.DASH
        rows.append(["CPU", claimed_cpu, measured, ratios, cpu["best_fit"] or fmt.DASH, _badge(cpu["verdict"]), cpu["reason"] or ""])
    return rows


def layout(network: str | None = None, node_id: str | None = None, **_query: str) -> html.Div:
    detail = node_detail(db(), str(network), str(node_id)) if network and node_id else None
    if detail is None:
        return _unknown(str(network), str(node_id))
    node, sla = detail["node"], detail["sla"]
    challenges, attestations, proofs, story = detail["challenges"], detail["attestations"], detail["proofs"], detail["story"]
    seen = provenance(node["source"], None, node["last_seen"], prefix=PREFIX)
    failed = int(node["challenges_failed"]) + int(node["attestations_failed"])
    stats = [
        create_stat(f"Availability {w.replace('d', ' d')}", fmt.pct(a["availability"]), None,
                    f"{fmt.count(a['expected_slots'] - a['down_slots'])} of {fmt.count(a['expected_slots'])} slots up, {WINDOW[w]}"
                    if a["expected_slots"] else "no full 60 s slot since registration yet", stat_id=f"node-avail-{w}")
        for w, a in detail["availability"].items()
    ] + [
        create_stat(f"SLA {sla['target'] * 100:.1f}% (30 d)", _sla_word(node, sla), None, _sla_note(node, sla, detail["status_reason"]),
                    stat_id="node-sla"),
        create_stat("Reputation", fmt.pct(node["reputation"]), None, "pass rate (Beta posterior) × 30-day uptime", stat_id="node-reputation"),
        create_stat("Stake", f"{fmt.count(node['stake'])} units", None, "local ledger, bonded at registration", stat_id="node-stake"),
        create_stat("Proofs", f"{fmt.count(node['challenges_passed'])} passed · {fmt.count(failed)} failed", None,
                    f"{fmt.count(node['challenges_failed'])} challenges and {fmt.count(node['attestations_failed'])} GPU attestations failed",
                    stat_id="node-challenge-count"),
    ]
    title = f"{node['node_id']}: availability per hour (%), last 7 days, UTC"
    proof_rows = [
        [_proof_id(r["proof_id"]), "attestation" if r["kind"] == "attestation" else "challenge", fmt.exact_time(r["issued_at"]),
         _badge(r["verdict"] or r["state"]), r["reason"] or (f"fits {r['best_fit']}" if r["best_fit"] else ""),
         _num(None if r["latency_s"] is None else r["latency_s"] * 1000), _num(r["gflops"])]
        for r in proofs.iter_rows(named=True)
    ]
    event_rows = [[fmt.exact_time(r["happened_at"]), r["kind"].replace("_", " "), _num(r["amount"], 2), _event_value(r), r["reason"] or "",
                   _proof_id(r["cause"]) if r["cause"] else ""]
                  for r in story.head(STORY_ROWS).iter_rows(named=True)]
    return html.Div(
        [
            html.Div(className="page-accent", style={"background": color_for(node["network"])}),
            dmc.Group([dmc.Title(node["node_id"], order=2, id="node-title"), dmc.Badge(node["network"], variant="outline"),
                       dmc.Badge(node["status"], color=STATUS_COLOR.get(node["status"], "gray"), id="node-status")], mt="md"),
            dmc.Text([f"operator {node['operator'] or '—'} · registered {fmt.exact_time(node['registered_at'])} · key {node['public_key'][:16]}… · ", seen],
                     size="sm", c="dimmed", mb="sm"),
            dmc.SimpleGrid(stats, cols={"base": 2, "sm": 3, "lg": 7}, id="node-stats"),
            _section("Availability", dcc.Graph(id="node-timeline", figure=availability_timeline(detail["timeline"], title, sla["target"]),
                                                config={"displaylogo": False}),
                     dmc.Text(seen, size="xs", c="dimmed")),
            _section(
                "Proofs: challenges (C = A·B mod p, committed by Merkle root, rows opened at random) and hardware attestations",
                dmc.Text(["Status ", dmc.Badge(node["status"], color=STATUS_COLOR.get(node["status"], "gray"), variant="light"), f": {detail['status_reason']}."],
                         size="sm", mb="xs", id="node-status-reason"),
                dcc.Graph(figure=challenge_latency(challenges, f"{node['node_id']}: challenge latency (ms), issue to commitment"),
                          config={"displaylogo": False}) if challenges.height else
                dmc.Text("No compute challenge issued yet; the proofs below are its hardware attestations.", c="dimmed"),
                _table(["Proof", "Kind", "Issued (UTC)", "Verdict", "Reason", "Latency (ms)", "Measured (GFLOPS or TFLOPS)"], proof_rows, "node-challenges"),
                dmc.Text(provenance(node["source"], None, proofs["observed_at"].max() if proofs.height else None, prefix=PREFIX),
                         size="xs", c="dimmed", mt=4),
            ),
            _section(
                "Hardware: claimed vs attested",
                _table(["Device", "Claimed", "Measured by the agent", "Measured / datasheet peak", "Best fit", "Verdict", "Why"],
                       _hardware(node, attestations, detail["hardware_proof"]), "node-hardware"),
                dmc.Text("Accept when compute and bandwidth ratios fall in the calibrated bands (GPU 55–105% / 60–105%). "
                         "Unrated: the datasheet table has no such part; unmeasured: the agent could not benchmark it.", size="xs", c="dimmed", mt=4),
            ),
            _section(
                "Events: reputation, stake and status",
                dcc.Graph(figure=reputation_stake(story.rename({"happened_at": "observed_at"}),
                                                  f"{node['node_id']}: reputation (%) and stake (local ledger units)", now=detail["now"]),
                          config={"displaylogo": False}),
                _table(["When (UTC)", "Event", "Amount (units)", "Value", "Reason", "Proof"], event_rows, "node-events"),
                dmc.Text([f"Every verdict, slash, reward, suspension and status change recorded for this node ({fmt.count(story.height)}"
                          f"{'' if story.height <= STORY_ROWS else f', newest {STORY_ROWS} shown'}) · ",
                          provenance(node["source"], None, story["happened_at"].max() if story.height else None, prefix=PREFIX)],
                         size="xs", c="dimmed", mt=4),
            ),
        ]
    )
