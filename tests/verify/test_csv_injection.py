"""Formula injection: free text that opens like a formula is refused at registration, and every CSV export neutralises it."""

from __future__ import annotations

import csv
import io
import time

import pytest
from flask.testing import FlaskClient

from computescope.core.verification.signing import generate_key
from computescope.db import Database
from computescope.verify.ledger import ts
from tests.support.verify import HARDWARE, counts, post, registration

FORMULAS = ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx")


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize("where", ["gpu", "cpu_model", "agent"])
def test_registration_refuses_formula_text(client: FlaskClient, db: Database, text: str, where: str) -> None:
    hardware = dict(HARDWARE)
    fields: dict[str, object] = {}
    if where == "gpu":
        hardware["gpus"] = [{"name": text, "memory_gb": 24.0}]
        field = "hardware.gpus[0].name"
    elif where == "cpu_model":
        hardware["cpu_model"] = text
        field = "hardware.cpu_model"
    else:
        fields["agent"] = text
        field = "agent"
    response = post(client, "/api/v1/nodes/register", registration(generate_key(), hardware=hardware, now=time.time(), **fields))
    assert response.status_code == 400 and response.get_json()["field"] == field
    assert counts(db)["node_keys"] == 0


def test_csv_export_neutralises_formula_cells(client: FlaskClient, db: Database) -> None:
    # A row written before validation existed (or by another path) must still leave the export harmless.
    now = time.time()
    db.cursor().execute("insert into node_keys (public_key, network, node_id, cpu_model, agent, hardware, registered_at, source, observed_at)"
                        " values (?, 'community', 'legacy', ?, ?, '{}', ?, 'agent', ?)",
                        ["ab" * 32, "=cmd|' /C calc'!A0", "@agent", ts(now), ts(now)])
    response = client.get("/api/v1/nodes?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    row = next(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert row["cpu_model"] == "'=cmd|' /C calc'!A0" and row["node_id"] == "legacy" and row["network"] == "community"
    assert client.get("/api/v1/nodes").get_json()[0]["cpu_model"] == "=cmd|' /C calc'!A0"  # JSON is data, left as it is
