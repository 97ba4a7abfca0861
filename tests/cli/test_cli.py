"""The CLI: version, one-line errors with non-zero exits, ingest run/status/replay."""

import subprocess
import sys
from pathlib import Path

import pytest

from computescope import __version__
from computescope.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "computescope", *args], capture_output=True, text=True, timeout=120)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"computescope {__version__}"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["frobnicate"], 2, "invalid choice"),
        (["serve", "--port", "abc", "--db", "{db}"], 2, "port must be a whole number"),
        (["serve", "--port", "0", "--db", "{db}"], 2, "between 1 and 65535"),
        (["ingest", "run"], 2, "required"),
        (["ingest", "run", "nosuch", "--db", "{db}"], 2, "unknown source"),
        (["ingest", "run", "snapshot", "--base-url", "not a url", "--db", "{db}"], 2, "http(s) URL"),
    ],
)
def test_bad_arguments_give_one_line_and_no_traceback(args: list[str], code: int, needle: str, tmp_path: Path) -> None:
    result = run_cli(*(a.format(db=tmp_path / "x.duckdb") for a in args))
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_database_path(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    result = run_cli("ingest", "status", "--db", str(blocker / "db.duckdb"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot create the folder" in result.stderr
    result = run_cli("ingest", "status", "--db", str(tmp_path))
    assert result.returncode == 1 and "is a folder" in result.stderr


def test_ingest_run_twice_status_and_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.duckdb")
    assert main(["ingest", "run", "snapshot", "--db", db]) == 0
    first = capsys.readouterr().out
    assert first.startswith("snapshot: success")
    assert main(["ingest", "run", "snapshot", "--db", db]) == 0
    capsys.readouterr()
    assert main(["ingest", "status", "--db", db]) == 0
    status = capsys.readouterr().out
    assert "snapshot" in status and "success" in status
    run_id = first.rsplit("(run ", 1)[1].rstrip(")\n")
    assert main(["ingest", "replay", run_id, "--db", db]) == 0
    assert "replay of" in capsys.readouterr().out
    assert main(["ingest", "replay", "no-such-run", "--db", db]) == 1
    assert "landed no payloads" in capsys.readouterr().err
