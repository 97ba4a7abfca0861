"""Snapshots publish atomically and readers move to the newest; the spool keeps writes until the store has them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask

from computescope.cli import main
from computescope.core.verification.signing import canonical_json, generate_key
from computescope.db import Database, DatabaseError
from computescope.deploy.snapshot import CURRENT, Newest, SnapshotDatabase, publish, published, snapshot_dir
from computescope.deploy.spool import REJECTED, drain, pending, spool
from computescope.deploy.web import Backlog
from computescope.explorer.api.intake import register_collector
from computescope.sources import load_settings
from tests.support.verify import registration


def nodes(database: Database) -> int:
    return database.cursor().execute("select count(*) from nodes").fetchall()[0][0]


def test_readers_move_to_the_newest_snapshot_and_old_files_are_pruned(db: Database, tmp_path: Path) -> None:
    folder = snapshot_dir(db.path)
    with pytest.raises(DatabaseError, match="no snapshot published"):
        Newest(folder)
    first = publish(db, folder)
    assert published(folder / CURRENT) == first and (folder / CURRENT).is_symlink()
    reader = Newest(folder)
    assert isinstance(reader.db, SnapshotDatabase) and reader.refresh() is None and nodes(reader.db) == 0
    store = register_collector(Flask(__name__), db, load_settings({"db": db.path}, environ={}))
    store.register(registration(generate_key(), "box-1", now=time.time()))
    for _ in range(4):
        newest = publish(db, folder)
    fresh = reader.refresh()
    assert fresh is not None and fresh.path == newest and nodes(fresh) == 1
    assert nodes(reader.db) == 1 and reader.refresh() is None
    assert len(list(folder.glob("snapshot-*.duckdb"))) == 3 and not list(folder.glob(".*"))
    with pytest.raises(Exception, match="read-only"):
        fresh.cursor().execute("delete from nodes")


def test_drain_stores_writes_as_of_arrival_and_sets_refusals_aside(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "spool"
    store = register_collector(Flask(__name__), db, load_settings({"db": db.path}, environ={}))
    now = time.time()
    spool(folder, "register", canonical_json(registration(generate_key(), "box-2", now=now - 100)), received_s=now - 99)
    spool(folder, "register", canonical_json(registration(generate_key(), "box-3", now=now - 1000)), received_s=now - 999)
    spool(folder, "report", b"{not json", received_s=now)
    assert len(pending(folder)) == 3 and not list(folder.glob(".*"))
    result = drain(folder, store)
    assert (result.stored, result.rejected, result.left) == (2, 1, 0)  # late loads still judge each write by its arrival
    assert nodes(db) == 2 and pending(folder) == []
    reasons = sorted(p.read_text() for p in (folder / REJECTED).glob("*.reason"))
    assert reasons == ["malformed: the body is not JSON\n"]
    with pytest.raises(ValueError, match="unknown kind"):
        spool(folder, "delete", b"{}")


def test_backlog_refuses_when_the_spool_is_full(tmp_path: Path) -> None:
    backlog = Backlog(tmp_path, limit=2)
    assert not backlog.full(0.0)
    spool(tmp_path, "report", b"{}")
    spool(tmp_path, "report", b"{}")
    assert not backlog.full(0.5)  # counted at most once a second
    assert backlog.full(1.0)


def test_web_without_a_snapshot_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web", "--db", str(tmp_path / "none.duckdb"), "--workers", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no snapshot published" in err and "computescope worker" in err and len(err.splitlines()) == 1
    assert main(["web", "--db", str(tmp_path / "none.duckdb"), "--workers", "0"]) == 2
    assert main(["worker", "--db", str(tmp_path / "none.duckdb"), "--publish-every", "0"]) == 2
