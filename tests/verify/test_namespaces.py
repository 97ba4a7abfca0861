"""Open registration lands in the community namespace; only an allowlisted operator's endorsement admits a node to a real network."""

from __future__ import annotations

import numpy as np
import pytest
from nacl.signing import SigningKey

from computescope.core.verification.signing import ReportRejected, endorse, generate_key, public_key_hex
from computescope.db import Database
from computescope.settings import SettingsError, load_settings
from computescope.verify.params import VerifyParams
from computescope.verify.reads import NodeQuery, capacity, list_nodes
from computescope.verify.store import VerificationStore
from tests.support.verify import NOW, answer, counts, registration

H100S = {"cpu_model": "AMD EPYC 7763 64-Core Processor", "cpu_cores": 8, "memory_gb": 64.0,
         "gpus": [{"name": "H100 SXM", "memory_gb": 80.0}] * 8}
H100_MEASURED = {"cpu": {"gflops": 250.0, "gbps": 40.0}, "gpu": {"tflops": 900.0, "tbps": 3.2}}


def _lie(store: VerificationStore, key: SigningKey, node_id: str, network: str = "akash", **kw: object) -> dict[str, object]:
    out = store.register(registration(key, node_id, network=network, hardware=H100S, measured=H100_MEASURED, **kw), NOW)
    if out["challenge"]:
        answer(store, key, out["challenge"], NOW + 1)
    return out


def test_lying_agents_under_real_networks_change_no_real_figure(store: VerificationStore, db: Database) -> None:
    networks, gpus = db.frame("networks_list"), db.frame("gpus_api", {"network": None, "model": None})
    for i, network in enumerate(("akash", "akash", "ionet", "render", "aethir", "gensyn")):
        out = _lie(store, generate_key(), f"liar-{i}", network)
        assert out["node"] == {"network": "community", "node_id": f"liar-{i}"}
        assert out["claimed_network"] == network and out["kind"] == "self-reported"
    cap = capacity(db, now=NOW + 2)
    assert cap["network"].to_list() == ["community"]
    assert cap.row(0, named=True)["nodes_registered"] == 6 and cap.row(0, named=True)["gpus_claimed"] == 48
    for real in ("akash", "ionet", "render", "aethir", "gensyn"):
        assert list_nodes(db, NodeQuery(network=real), now=NOW + 2)[1] == 0
    nodes, total = list_nodes(db, NodeQuery(network="community"), now=NOW + 2)
    assert total == 6 and set(nodes["kind"]) == {"self-reported"} and sorted(set(nodes["claimed_network"])) == [
        "aethir", "akash", "gensyn", "ionet", "render"]
    assert db.frame("networks_list").equals(networks)
    assert db.frame("gpus_api", {"network": None, "model": None}).equals(gpus)
    assert db.cursor().execute("select distinct network from nodes where source = 'agent'").fetchall() == [("community",)]


@pytest.fixture
def operator() -> SigningKey:
    return generate_key()


@pytest.fixture
def gated(db: Database, operator: SigningKey) -> VerificationStore:
    params = VerifyParams(challenge_n=64, challenge_mean_s=1e12, network_operators={"akash": frozenset({public_key_hex(operator)})})
    return VerificationStore(db, params, rng=np.random.default_rng(7))


def test_an_allowlisted_operator_endorsement_admits_the_node(gated: VerificationStore, operator: SigningKey, key: SigningKey) -> None:
    out = gated.register(registration(key, "box", network="akash", endorsement=endorse(operator, "akash", "box", public_key_hex(key))), NOW)
    assert out["node"] == {"network": "akash", "node_id": "box"} and out["kind"] == "endorsed"


def test_endorsements_that_do_not_admit(gated: VerificationStore, operator: SigningKey, key: SigningKey, db: Database) -> None:
    stranger = generate_key()
    cases = [
        (endorse(stranger, "akash", "box", public_key_hex(key)), "operator_not_allowlisted"),  # valid, but not on akash's list
        (endorse(operator, "ionet", "box", public_key_hex(key)), "bad_endorsement"),  # signed for another network
        (endorse(operator, "akash", "other", public_key_hex(key)), "bad_endorsement"),  # signed for another node id
        (endorse(operator, "akash", "box", public_key_hex(stranger)), "bad_endorsement"),  # signed for another key
        ({"operator_key": "zz", "signature": "00"}, "malformed"),
    ]
    for endorsement, reason in cases:
        with pytest.raises(ReportRejected) as refused:
            gated.register(registration(key, "box", network="akash", endorsement=endorsement), NOW)
        assert refused.value.reason == reason
    assert counts(db)["node_keys"] == 0


def test_a_node_never_moves_itself_into_a_network(gated: VerificationStore, operator: SigningKey, key: SigningKey, db: Database) -> None:
    gated.register(registration(key, "box", network="akash"), NOW)
    endorsed = registration(key, "box", network="akash", endorsement=endorse(operator, "akash", "box", public_key_hex(key)), now=NOW + 1)
    with pytest.raises(ReportRejected) as refused:
        gated.register(endorsed, NOW + 1)
    assert refused.value.reason == "key_bound_to_other_node"
    assert db.cursor().execute("select network, claimed_network from node_keys").fetchall() == [("community", "akash")]


def test_network_operators_setting() -> None:
    a, b = "ab" * 32, "cd" * 32
    s = load_settings(environ={"COMPUTESCOPE_NETWORK_OPERATORS": f"akash={a},{b}; ionet = {b.upper()}"})
    assert s.network_operators == {"akash": frozenset({a, b}), "ionet": frozenset({b})}
    assert load_settings(environ={}).network_operators == {}
    for bad in ("moon=" + a, "akash", "akash=xyz", "localnet=" + a):
        with pytest.raises(SettingsError, match="NETWORK_OPERATORS"):
            load_settings(environ={"COMPUTESCOPE_NETWORK_OPERATORS": bad})
