"""`computescope localnet`: a backfill from the command line, one-line errors for bad arguments and a held database."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import pytest

from computescope import cli
from computescope.cli.localnet import add_localnet_parser


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    original = cli.build_parser

    def build() -> argparse.ArgumentParser:
        parser = original()
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if "localnet" not in commands.choices:  # until cli.py hooks the command in itself
            add_localnet_parser(commands)
        return parser

    monkeypatch.setattr(cli, "build_parser", build)
    monkeypatch.delenv("COMPUTESCOPE_DB", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return call


def test_backfill_prints_one_summary_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run("localnet", "backfill", "--nodes", "25", "--days", "2", "--seed", "3", "--db", str(tmp_path / "x.duckdb"))
    assert code == 0
    assert out.startswith("localnet: 25 nodes × 2 days (seed 3, BME)") and "node-hours" in out and "database" in out


@pytest.mark.parametrize(("args", "needle"), [
    (["--nodes", "0"], "--nodes must be between 1"),
    (["--nodes", "many"], "invalid int value"),
    (["--days", "0"], "--days must be between 1"),
    (["--days", "99999"], "--days must be between 1"),
    (["--seed", "-1"], "--seed must be a whole number"),
    (["--token-model", "xyz"], "invalid choice"),
])
def test_bad_arguments_give_one_line(run, tmp_path: Path, args: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("localnet", "backfill", *args, "--db", str(tmp_path / "x.duckdb"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_a_held_database_is_named_in_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "held.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        code, _out, err = run("localnet", "backfill", "--nodes", "5", "--days", "1", "--db", str(db))
        assert code == 1 and time.monotonic() - started < 30
        assert len(err.strip().splitlines()) == 1 and f"process {holder.pid}" in err and "in use" in err
    finally:
        holder.kill()
        holder.wait()


def test_tick_refuses_a_bad_count(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("localnet", "tick", "--count", "0", "--db", str(tmp_path / "x.duckdb"))
    assert code == 2 and "--count must be between 1" in err
