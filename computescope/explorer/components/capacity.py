"""Verified against claimed capacity per network, as this explorer's own core judges the nodes that report to it."""

from __future__ import annotations

from typing import Any

import dash_mantine_components as dmc
from dash import html

from computescope.core.catalog.networks import REAL_NETWORKS as NETWORKS
from computescope.explorer import fmt
from computescope.explorer.components.provenance import provenance
from computescope.explorer.data import db
from computescope.explorer.theme import color_for
from computescope.verify.reads import capacity

COMMUNITY_LABEL = "community (self-reported, not counted)"


def _name(network: str) -> str:
    if network == "community":
        return COMMUNITY_LABEL
    return NETWORKS.get(network, "Local network" if network == "localnet" else network)


def create_capacity_badge(row: dict[str, Any]) -> html.Div:
    """One network: nodes verified of registered, GPUs attested of claimed, CPU cores verified of claimed."""
    parts = [
        f"{fmt.count(row['nodes_verified'])} of {fmt.count(row['nodes_registered'])} nodes verified",
        f"{fmt.count(row['gpus_attested'])} of {fmt.count(row['gpus_claimed'])} GPUs attested",
        f"{fmt.count(row['cores_verified'])} of {fmt.count(row['cores_claimed'])} CPU cores verified",
    ]
    return html.Div(
        [
            dmc.Group(
                [dmc.Anchor(_name(row["network"]), href=f"/nodes?network={row['network']}", fw=600),
                 dmc.Badge(" · ".join(parts), variant="light", color="gray", style={"textTransform": "none"})],
                gap="xs",
            ),
            dmc.Text(provenance(row["source"], None, row["observed_at"], prefix="signed reports from the node "), size="xs", c="dimmed"),
        ],
        style={"borderLeft": f"4px solid {color_for(row['network'])}", "paddingLeft": 8},
        id=f"capacity-{row['network']}",
    )


_MEMO: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


def capacity_rows() -> list[dict[str, Any]]:
    """capacity() judges every node (~0.1 s at 10k nodes): reuse it until a node reports, a run lands, or a minute passes."""
    version = db().version()
    rows = _MEMO.get(version)
    if rows is None:
        rows = capacity(db()).to_dicts()
        _MEMO.clear()
        _MEMO[version] = rows
    return rows


def create_capacity_panel(panel_id: str) -> dmc.Paper:
    """Every network with nodes reporting here; verified means live, its last challenge passed and no hardware claim rejected."""
    rows = capacity_rows()
    body: list[Any] = [create_capacity_badge(r) for r in rows] or [
        dmc.Text(["No node has registered with this explorer yet. Run ", html.Code("computescope agent --collector URL --key PATH"),
                  " on a machine to see it verified here."], size="sm", c="dimmed")
    ]
    return dmc.Paper(
        [
            dmc.Title("Verified here vs claimed", order=4, mb=4),
            dmc.Text("Capacity the nodes claim against what this explorer's verification core confirmed: signed heartbeats, "
                     "matmul challenges and hardware attestation. See every node on the Nodes page.", size="xs", c="dimmed", mb="xs"),
            dmc.Stack(body, gap="xs"),
        ],
        withBorder=True, radius="md", p="md", mt="lg", id=panel_id,
    )
