"""A non-editable install carries its SQL, snapshot and assets: `computescope serve` works from the built wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import requests

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_serves(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next(wheels.glob("computescope-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "computescope/sql/schema/0001_create_reference_tables.sql",
        "computescope/sql/views/latest_prices.sql",
        "computescope/sql/queries/networks_list.sql",
        "computescope/ingest/sources/snapshot/data/networks.csv",
        "computescope/ingest/sources/snapshot/data/prices.csv",
        "computescope/explorer/assets/style.css",
        "computescope/explorer/assets/urlsync.js",
    ):
        assert needed in names, needed

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import computescope; print(computescope.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "computescope", "serve", "--port", str(port), "--no-localnet", "--offline"],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                response = requests.get(f"http://127.0.0.1:{port}/api/v1/networks", timeout=2)
                if response.status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "serve from the wheel did not answer"
            time.sleep(0.3)
        assert len(response.json()) == 5
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
        assert requests.get(f"http://127.0.0.1:{port}/assets/style.css", timeout=5).status_code == 200
        assert (tmp_path / "data" / "computescope.duckdb").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
