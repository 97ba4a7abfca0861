"""The node page flags a hardware claim above what its timed challenges proved; the Overview labels the community namespace."""

from __future__ import annotations

import importlib
import json

import numpy as np
import plotly.utils

from computescope.core.verification.signing import generate_key
from computescope.db import Database
from computescope.explorer.app import create_app
from computescope.explorer.components.capacity import COMMUNITY_LABEL, create_capacity_badge
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.verify import HARDWARE, NOW, registration

H100S = {**HARDWARE, "gpus": [{"name": "H100 SXM", "memory_gb": 80.0}] * 8}
H100_BENCH = {"cpu": {"gflops": 250.0, "gbps": 40.0}, "gpu": {"tflops": 900.0, "tbps": 3.2}}  # in band: a convincing lie


def _text(component: object) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_the_node_page_shows_the_claim_above_proven_flag_beside_the_claimed_hardware(db: Database) -> None:
    store = VerificationStore(db, VerifyParams(challenge_n=64, challenge_mean_s=1e12), rng=np.random.default_rng(5))
    store.register(registration(generate_key(), "liar", hardware=H100S, measured=H100_BENCH), NOW)
    create_app(db)
    node = importlib.import_module("computescope.explorer.pages.node")
    page = _text(node.layout(network="localnet", node_id="liar"))
    assert '"id": "node-hardware-proof"' in page
    assert "H100 SXM ×8" in page and '"children": "claim above proven"' in page
    assert "claim above proven: H100 SXM needs 543,950 GFLOPS on a timed challenge; proven no passed challenge" in page


def test_the_capacity_panel_labels_the_community_namespace_as_not_counted() -> None:
    row = {"network": "community", "nodes_verified": 0, "nodes_registered": 3, "gpus_attested": 0, "gpus_claimed": 24, "cores_verified": 0,
           "cores_claimed": 24, "source": "agent", "observed_at": None}
    badge = _text(create_capacity_badge(row))
    assert COMMUNITY_LABEL == "community (self-reported, not counted)" and COMMUNITY_LABEL in badge
    assert "0 of 3 nodes verified" in badge
