"""A write that cannot land (a size-limited file, a full disk) ends `localnet backfill` with one line and a failure code."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from computescope.db import DatabaseError, explain_fault, storage_faults

LIMIT_BYTES = 2 << 20


def _size_limited() -> None:
    # The process may write files of at most LIMIT_BYTES; past it write() fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, LIMIT_BYTES))


def test_backfill_into_a_size_limited_file_prints_one_line(tmp_path: Path) -> None:
    path = tmp_path / "full.duckdb"
    done = subprocess.run([sys.executable, "-m", "computescope", "localnet", "backfill", "--nodes", "200", "--days", "30", "--seed", "1",
                           "--db", str(path)], capture_output=True, text=True, timeout=300, preexec_fn=_size_limited, check=False)
    assert done.returncode == 1, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last == (f"computescope: cannot write database {path}: the file reached the size this process may write"
                    " (file too large); nothing after the last commit was kept")
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('Could not write file "x.wal": No space left on device', "the disk is full (no space left on device)"),
        ("Cannot open file: Read-only file system", "the file system is read-only (read-only file system)"),
        ("IO Error: Permission denied", "this process may not write the file (permission denied)"),
    ],
)
def test_storage_faults_in_plain_words(text: str, words: str) -> None:
    with pytest.raises(DatabaseError) as fault, storage_faults("db.duckdb"):
        raise duckdb.IOException(text)
    assert str(fault.value) == f"cannot write database db.duckdb: {words}; nothing after the last commit was kept"
    assert str(explain_fault(duckdb.BinderException("Binder Error: no column x\nLINE 1"), "d")) == "database d: Binder Error: no column x"
