"""The DuckDB database: one read-write connection per process, a cursor per thread, migrations and views."""

from __future__ import annotations

import re
import threading
import time
import warnings
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import TypeVar, cast

import duckdb
import polars as pl

SQL_ROOT = files("computescope") / "sql"
_QUERY_CACHE: dict[str, str] = {}
_LOCK_PID = re.compile(r"PID (\d+)")


T = TypeVar("T")
# a small shared pool: a page's reads overlap, and many visitors cannot multiply the threads
_READERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="computescope-read")


# read_frame takes Arrow from an executed result on purpose; the copy this warns about costs less than binding a query twice
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)


def read_frame(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] | Mapping[str, object] | None = None) -> pl.DataFrame:
    """Run one query with bound parameters and return a Polars frame. A relation from `cur.sql(...)` binds and plans the
    query when it is built and again when it runs; executing once halves the cost of a small read."""
    return cast(pl.DataFrame, pl.from_arrow(cur.execute(sql, params).to_arrow_table()))


class DatabaseError(RuntimeError):
    """The database cannot be opened or used; the message is one line meant for a person."""


# What the operating system says when a write cannot land, and the same in a person's words.
_STORAGE_FAULTS = (
    ("no space left on device", "the disk is full"),
    ("disk quota exceeded", "the disk quota is used up"),
    ("file too large", "the file reached the size this process may write"),
    ("read-only file system", "the file system is read-only"),
    ("permission denied", "this process may not write the file"),
)


def explain_fault(exc: BaseException, path: Path | str) -> DatabaseError:
    """One line for a failed database write or read: the storage fault in plain words when there is one."""
    text = str(exc) or type(exc).__name__
    low = text.lower()
    for needle, words in _STORAGE_FAULTS:
        if needle in low:
            return DatabaseError(f"cannot write database {path}: {words} ({needle}); nothing after the last commit was kept")
    return DatabaseError(f"database {path}: {text.splitlines()[0]}")


@contextmanager
def storage_faults(path: Path | str) -> Iterator[None]:
    """Turn a DuckDB or file-system error inside the block into a one-line DatabaseError."""
    try:
        yield
    except (duckdb.Error, OSError) as exc:
        raise explain_fault(exc, path) from None


def _read_sql(folder: str, name: str) -> str:
    return (SQL_ROOT / folder / name).read_text(encoding="utf-8")


def query_text(name: str) -> str:
    """The text of a tagged read query in sql/queries/<name>.sql."""
    if name not in _QUERY_CACHE:
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"bad query name {name!r}")
        _QUERY_CACHE[name] = _read_sql("queries", f"{name}.sql")
    return _QUERY_CACHE[name]


def write_text(name: str) -> str:
    """The text of a statement the writers run, in sql/writes/<name>.sql."""
    key = "writes/" + name
    if key not in _QUERY_CACHE:
        if not re.fullmatch(r"[a-z0-9_]+", name):
            raise ValueError(f"bad statement name {name!r}")
        _QUERY_CACHE[key] = _read_sql("writes", f"{name}.sql")
    return _QUERY_CACHE[key]


class Database:
    """Owns the file read-write; every thread asks for its own cursor (one connection is never shared)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._con = _connect(self.path)
        self._local = threading.local()
        self._version: tuple[tuple[int, ...], tuple[Hashable, ...]] | None = None  # (files' signature, version row)
        self.migrate()
        self.refresh_views()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cur = cur
        return cur

    def close(self) -> None:
        self._con.close()

    def migrate(self) -> list[str]:
        """Apply the numbered migrations not yet recorded; return the names applied."""
        con = self._con
        con.execute(
            "create table if not exists schema_migrations (version integer primary key, name varchar not null,"
            " applied_at timestamptz not null default now())"
        )
        done = {row[0] for row in con.execute("select version from schema_migrations").fetchall()}
        applied = []
        for entry in sorted((SQL_ROOT / "schema").iterdir(), key=lambda e: e.name):
            match = re.fullmatch(r"(\d{4})_([a-z0-9_]+)\.sql", entry.name)
            if not match or int(match.group(1)) in done:
                continue
            con.execute("begin")
            try:
                con.execute(entry.read_text(encoding="utf-8"))
                con.execute("insert into schema_migrations (version, name) values (?, ?)", [int(match.group(1)), match.group(2)])
                con.execute("commit")
            except duckdb.Error as exc:
                con.execute("rollback")
                raise DatabaseError(f"migration {entry.name} failed: {explain_fault(exc, self.path)}") from None
            applied.append(entry.name)
        return applied

    def refresh_views(self) -> None:
        """(Re)create every view in sql/views, one relation per file, in name order."""
        for entry in sorted((SQL_ROOT / "views").iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".sql"):
                self._con.execute(entry.read_text(encoding="utf-8"))

    def frame(self, name: str, params: Sequence[object] | dict[str, object] | None = None) -> pl.DataFrame:
        """Run the tagged query sql/queries/<name>.sql with bound parameters; return a Polars frame."""
        return read_frame(self.cursor(), query_text(name), params)

    def together(self, reads: Mapping[str, Callable[[], T]]) -> dict[str, T]:
        """Independent reads at once, each on its own thread's cursor (DuckDB runs them in parallel); results by name.
        For one page's several queries, so a visitor waits for the slowest rather than the sum."""
        futures = {name: _READERS.submit(read) for name, read in reads.items()}
        return {name: future.result() for name, future in futures.items()}

    def version(self) -> tuple[Hashable, ...]:
        """What the data is now: newest node report or registration, report count, newest ingest run, local-network clock, and the
        minute (ages move). The query runs again only when a commit has touched the database's files since it last ran."""
        signature = _files_signature(self.path)
        last = self._version
        if last is not None and signature is not None and last[0] == signature:
            row = last[1]
        else:
            row = tuple(self.frame("data_version").row(0))
            if signature is not None:
                self._version = (signature, row)
        return (*row, int(time.time() // 60))


def _files_signature(path: Path) -> tuple[int, ...] | None:
    """Size and modification time of the database file and its WAL: every commit appends to the WAL, a checkpoint rewrites the file."""
    try:
        main = path.stat()
    except OSError:
        return None
    try:
        wal = path.with_name(path.name + ".wal").stat()
        tail = (wal.st_size, wal.st_mtime_ns)
    except FileNotFoundError:
        tail = (-1, -1)
    return (main.st_ino, main.st_size, main.st_mtime_ns, *tail)


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for database {path}: {exc.strerror}") from None
        if path.exists() and path.is_dir():
            raise DatabaseError(f"database path {path} is a folder, not a file")
    try:
        return duckdb.connect(str(path), config={"autoinstall_known_extensions": False, "TimeZone": "UTC"})
    except duckdb.IOException as exc:
        text = str(exc)
        pid = _LOCK_PID.search(text)
        if "lock" in text.lower():
            holder = f"process {pid.group(1)}" if pid else "another process"
            raise DatabaseError(f"database {path} is in use by {holder} (is `computescope serve` running?); stop it or pass --db") from None
        raise explain_fault(exc, path) from None
    except duckdb.Error as exc:
        raise DatabaseError(f"cannot open database {path}: {str(exc).splitlines()[0]}") from None
