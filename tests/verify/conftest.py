"""Verification fixtures: a store on a temporary database, a node key, a collector test client."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from flask.testing import FlaskClient
from nacl.signing import SigningKey

from computescope.core.verification.signing import generate_key
from computescope.db import Database
from computescope.explorer.api.intake import RateGuard
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from tests.support.verify import collector_app


@pytest.fixture
def params() -> VerifyParams:
    return VerifyParams(challenge_n=64, challenge_mean_s=1e12)


@pytest.fixture
def store(db: Database, params: VerifyParams) -> VerificationStore:
    return VerificationStore(db, params, rng=np.random.default_rng(7))


@pytest.fixture
def key() -> SigningKey:
    return generate_key()


@pytest.fixture
def client(db: Database) -> Iterator[FlaskClient]:
    app = collector_app(db, params=VerifyParams(challenge_n=64), guard=RateGuard(1e6, 10**6))
    yield app.test_client()
