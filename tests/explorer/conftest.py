"""One explorer app per test session over the snapshot database (Dash pages register once per process)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from computescope.db import Database


@pytest.fixture(scope="session")
def client(snapshot_db: Database) -> FlaskClient:
    from computescope.explorer.app import create_app

    return create_app(snapshot_db).server.test_client()
