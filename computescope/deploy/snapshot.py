"""The read snapshot of a split deployment: the writer publishes a full copy atomically, web workers open the newest read-only."""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path

import duckdb

from computescope.db import Database, DatabaseError, write_text

CURRENT = "current.duckdb"


def snapshot_dir(db_path: Path) -> Path:
    """Where the writer of `db_path` publishes and where web workers look: a folder beside the database."""
    return db_path.with_name(db_path.name + ".snapshots")


def spool_dir(db_path: Path) -> Path:
    """Where web workers leave node reports for the writer of `db_path`."""
    return db_path.with_name(db_path.name + ".spool")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(db: Database, folder: Path, keep: int = 3) -> Path:
    """Copy every table and view into a new file, then point the `current` link at it in one rename (readers never see half a copy).

    Each snapshot has a file name of its own: DuckDB shares one open database per path within a process, so a reader opens the
    link's target, never the link. The newest `keep` files stay; a reader still holding an older one keeps reading it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    name = f"snapshot-{time.time_ns():020d}.duckdb"
    tmp = folder / f".{name}.tmp"
    cur = db.cursor()
    source = cur.execute("select current_database()").fetchall()[0][0]
    try:
        cur.execute(write_text("snapshot_attach"), {"path": str(tmp)})
        try:
            cur.execute(write_text("snapshot_copy").format(source='"' + source.replace('"', '""') + '"'))
        finally:
            for statement in write_text("snapshot_detach").split(";"):
                if statement.strip():
                    cur.execute(statement)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, folder / name)
        link = folder / f".current-{uuid.uuid4().hex}"
        os.symlink(name, link)
        os.replace(link, folder / CURRENT)
        _fsync_dir(folder)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    for old in sorted(folder.glob("snapshot-*.duckdb"))[:-keep]:
        old.unlink(missing_ok=True)
    return folder / name


class SnapshotDatabase(Database):
    """A published snapshot opened read-only: no migrations, no views to create (the copy holds them), a cursor per thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._con = duckdb.connect(str(self.path), read_only=True, config={"autoinstall_known_extensions": False, "TimeZone": "UTC"})
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open the snapshot {self.path}: {str(exc).splitlines()[0]}") from None
        self._local = threading.local()
        self._version = None  # see Database.version

    def migrate(self) -> list[str]:
        return []

    def refresh_views(self) -> None:
        return None


def published(path: Path) -> Path | None:
    """The snapshot file the `current` link points at now, or None before the first one."""
    try:
        return path.parent / os.readlink(path)
    except (FileNotFoundError, OSError):
        return None


class Newest:
    """The newest published snapshot, reopened by the first request that finds a newer one (the old one closes when unused)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CURRENT
        self._lock = threading.Lock()
        self._seen = published(self.path)
        if self._seen is None:
            raise DatabaseError(f"no snapshot published at {self.path}: start `computescope worker` with the same --db first")
        self.db: Database = SnapshotDatabase(self._seen)

    def refresh(self) -> Database | None:
        """The newly opened snapshot when a newer one was published since the last call, else None."""
        seen = published(self.path)
        if seen is None or seen == self._seen:
            return None
        with self._lock:
            if seen == self._seen:
                return None
            self.db = SnapshotDatabase(seen)
            self._seen = seen
            return self.db
