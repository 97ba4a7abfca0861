"""Downloads of the node list: every matching row (not one page) as CSV and Parquet, with the total, on a local-network backfill."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator

import polars as pl
import pyarrow.parquet as pq
import pytest
from flask.testing import FlaskClient

from computescope.db import Database
from computescope.explorer.api.export import csv_chunks, parquet_chunks
from computescope.explorer.api.intake import RateGuard
from computescope.localnet.backfill import backfill
from computescope.verify.params import VerifyParams
from computescope.verify.reads import NodeQuery, list_nodes
from tests.support.verify import collector_app


@pytest.fixture(scope="module")
def fleet_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(tmp_path_factory.mktemp("exports") / "exports.duckdb")
    backfill(db, nodes=400, days=2, seed=3, now_s=time.time())
    yield db
    db.close()


@pytest.fixture
def client(fleet_db: Database) -> FlaskClient:
    return collector_app(fleet_db, params=VerifyParams(challenge_n=64), guard=RateGuard(1e6, 10**6)).test_client()


def test_csv_with_a_filter_returns_every_matching_row(client: FlaskClient, fleet_db: Database) -> None:
    expected, total = list_nodes(fleet_db, NodeQuery(network="localnet", model="RTX 4090"), limit=None)
    assert total == expected.height > 100  # more than the JSON page of 100
    response = client.get("/api/v1/nodes?format=csv&network=localnet&model=RTX%204090")
    assert response.status_code == 200
    assert response.headers["X-Total-Count"] == str(total)
    assert response.headers["Content-Disposition"] == 'attachment; filename="nodes.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["node_id"] for r in rows] == expected["node_id"].to_list()
    assert {r["claimed_gpu"] for r in rows} == {"RTX 4090"}
    page = client.get("/api/v1/nodes?network=localnet&model=RTX%204090")
    assert len(page.get_json()) == 100 and page.headers["X-Total-Count"] == str(total)
    second = client.get("/api/v1/nodes?network=localnet&model=RTX%204090&limit=50&offset=100")
    assert [r["node_id"] for r in second.get_json()] == expected["node_id"][100:150].to_list()


def test_parquet_download_round_trips(client: FlaskClient, fleet_db: Database) -> None:
    expected, total = list_nodes(fleet_db, NodeQuery(status="verified"), limit=None)
    response = client.get("/api/v1/nodes?format=parquet&status=verified")
    assert response.status_code == 200 and response.mimetype == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(response.get_data()))
    assert table.num_rows == total == expected.height
    assert table.column("node_id").to_pylist() == expected["node_id"].to_list()
    assert set(table.column("status").to_pylist()) == {"verified"}


def test_downloads_stream_in_batches() -> None:
    frame = pl.DataFrame({"a": list(range(12)), "b": [f"x{i}" for i in range(12)]})
    parts = list(csv_chunks(frame, batch_rows=5))
    assert parts[0] == b"a,b\n" and len(parts) == 4
    assert pl.read_csv(io.BytesIO(b"".join(parts))).equals(frame)
    pieces = list(parquet_chunks(frame, batch_rows=5))
    assert len([p for p in pieces if p]) >= 3
    assert pq.ParquetFile(io.BytesIO(b"".join(pieces))).metadata.num_row_groups == 3


def test_bad_format_is_400(client: FlaskClient) -> None:
    response = client.get("/api/v1/nodes?format=xlsx")
    assert response.status_code == 400 and "format must be one of json, csv, parquet" in response.get_json()["error"]
