"""How the collector judges nodes: report window, registration mode, challenge sizes and timing, bonds and rewards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from computescope.core.verification.liveness import DEFAULT_GRACE
from computescope.core.verification.reputation import ConsequenceParams

PROOF_N = 2048  # 17 GFLOP: at the lower band of an 8-core EPYC 7763 about 0.14 s of work, enough to time over a round trip


@dataclass(frozen=True)
class VerifyParams:
    """How the collector judges nodes; the defaults follow the recommended local verification design."""

    window_s: int = 300
    registration: str = "open"
    operator_keys: frozenset[str] = frozenset()
    network_operators: Mapping[str, frozenset[str]] = field(default_factory=dict)  # network -> keys whose endorsement admits a node
    max_unproven: int = 500  # live registrations that never passed a challenge; past it registration answers 429
    unproven_ttl_s: float = 3600.0  # a registration that proved nothing for this long is pruned
    challenge_n: int = 512
    challenge_ttl_s: float = 30.0
    open_ttl_s: float = 30.0
    spot_rows: int = 22  # k = 22 catches a node skipping 10 % of rows with probability 0.90
    proof_n: int | None = None  # challenge size for a node whose claim names a known part (the collector uses PROOF_N)
    proof_slack_s: float = 0.25  # allowance beyond round trip and work: hashing the rows and sending the root
    max_rtt_s: float = 0.5  # the most round trip credited to a node, however slowly it answers its row openings
    challenge_mean_s: float = 600.0  # exponential gaps between challenges, so none is predictable
    grace: int = DEFAULT_GRACE
    bond: float = 1000.0  # local ledger units bonded at registration
    reward: float = 1.0
    consequences: ConsequenceParams = field(default_factory=ConsequenceParams)
