"""The served OpenAPI description matches what the server does: schemathesis, every check, against a live local server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import running_server

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
# Limits that tie parameters together, which no OpenAPI schema can state: simulate's budget is a product of three parameters,
# and a quote's count must be a multiple of its per_node. A schema-valid request over them answers 400 by design, so those two
# routes run every check but the one that wants every schema-valid request accepted.
RELATED = "/simulate$|/api/v1/quote$"


@pytest.mark.skipif(SCHEMATHESIS is None, reason="schemathesis is not installed (pip install -e '.[test]')")
def test_schemathesis_finds_no_failure(tmp_path: Path) -> None:
    with running_server(tmp_path / "db.duckdb", tmp_path / "serve.log", env={"COMPUTESCOPE_SOURCES": "snapshot"}) as url:
        base = [str(SCHEMATHESIS), "run", f"{url}/api/v1/openapi.json", "--max-examples", "15", "--workers", "1", "--no-color", "--seed", "1"]
        runs = [
            [*base, "--checks", "all", "--exclude-path-regex", RELATED],
            [*base, "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--include-path-regex", RELATED],
        ]
        for args in runs:
            done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
            assert done.returncode == 0, done.stdout[-4000:]
