"""Explorer latency at network scale: backfill the local network, serve it, time every page callback and API endpoint.

`python -m bench.explorer.run` runs 10,000 nodes × 365 days and 1,000 × 30; `--nodes N --days D` runs one size; `--db PATH`
reuses a database a backfill already wrote (its node-availability rollup brought up to date first, as the writer does after
heartbeat runs change). `--cache on` measures with the read cache (answers reused within a data version); the default, off,
computes every answer afresh. Every callback is POSTed to /_dash-update-component with bodies built from
/_dash-dependencies and the page's own layout; every GET endpoint comes from /api/v1/openapi.json. Prints only.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests

CALLS = 20
ALL_NETWORKS = ["akash", "ionet", "render", "aethir", "gensyn", "localnet"]
# Inputs a layout does not set: what a browser sends on first use.
DEFAULTS: dict[str, Any] = {"getRowsRequest": {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}, "n_intervals": 1}
GRID_VARIANTS = {
    "first page": DEFAULTS["getRowsRequest"],
    "sorted by availability": {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "availability_7d_pct", "sort": "desc"}], "filterModel": {}},
    "search operator": {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {"search": {"filterType": "text", "type": "contains", "filter": "kestrel"}}},
    "page at row 5,000": {"startRow": 5000, "endRow": 5100, "sortModel": [], "filterModel": {}},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + ".wal")) if p.exists())


def build(path: Path, nodes: int, days: int, seed: int) -> tuple[float, int]:
    from computescope.db import Database
    from computescope.localnet.backfill import backfill

    db = Database(path)
    started = time.perf_counter()
    backfill(db, nodes=nodes, days=days, seed=seed)
    seconds = time.perf_counter() - started
    hours = int(db.cursor().execute("select count(*) from localnet_node_hours").fetchall()[0][0])
    db.close()
    return seconds, hours


class Server:
    """`computescope serve --no-localnet --offline` on a free port, as a subprocess."""

    def __init__(self, db: Path, cold: bool = True) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 - closed in stop()
        port = self.url.rsplit(":", 1)[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.explorer.serve", "--db", str(db), "--no-localnet", "--offline", "--port", port,
                                      *(["--cold"] if cold else [])],
                                     stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                     cwd=Path(__file__).resolve().parents[2])
        started = time.perf_counter()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {Path(self.log.name).read_text()[-800:]}")
            try:
                if requests.get(self.url + "/api/v1/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.perf_counter() - started > 180:
                self.stop()
                raise RuntimeError("the server did not answer within 180 s")
            time.sleep(0.3)
        self.ready_s = time.perf_counter() - started

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()
        os.unlink(self.log.name)


def timed(call: Callable[[], requests.Response]) -> tuple[list[float], int]:
    call()  # one untimed warm-up call
    times, status = [], 200
    for _ in range(CALLS):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code if response.status_code != 200 else status
    return times, status


def pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


def outputs_of(spec: str) -> list[dict[str, Any]]:
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    out = []
    for part in parts:
        ident, prop = part.rsplit(".", 1)
        out.append({"id": json.loads(ident) if ident.startswith("{") else ident, "property": prop})
    return out


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "props" in node and "type" in node:
            yield node["props"]
            yield from walk(node["props"].get("children"))
            for value in node["props"].values():
                if isinstance(value, (dict, list)):
                    yield from walk(value)
        else:
            for value in node.values():
                yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def body(dep: dict[str, Any], props: dict[str, dict[str, Any]], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    def value(ident: str, prop: str) -> Any:
        if overrides and prop in overrides:
            return overrides[prop]
        return props.get(ident, {}).get(prop, DEFAULTS.get(prop))

    outs = outputs_of(dep["output"])
    inputs = [{"id": i["id"], "property": i["property"], "value": value(i["id"], i["property"])} for i in dep["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": value(s["id"], s["property"])} for s in dep.get("state", [])]
    return {"output": dep["output"], "outputs": outs if len(outs) > 1 or dep["output"].startswith("..") else outs[0], "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"] if inputs else [], "state": state}


def pages(url: str, session: requests.Session) -> list[str]:
    top = session.get(url + "/api/v1/nodes?network=localnet&limit=1", timeout=30).json()
    node = top[0]["node_id"] if top else "ln-000000"
    return ["/", "/networks", "/networks/akash", "/inventory", "/utilization", "/prices", "/quote", "/tokens", "/tokens/AKT", "/nodes",
            f"/nodes/localnet/{node}", "/status"]


def operators(path: Path) -> list[str]:
    """The largest data-centre operator and the largest individual (read before the server takes the database)."""
    from computescope.db import Database

    db = Database(path)
    try:
        rows = db.cursor().execute(
            "with g as (select o.operator_id, o.kind, sum(n.gpu_count) as gpus from localnet_operators o"
            " join localnet_nodes n using (operator_id) group by o.operator_id, o.kind)"
            " select operator_id from g qualify row_number() over (partition by kind order by gpus desc, operator_id) = 1 order by kind").fetchall()
    finally:
        db.close()
    return [r[0] for r in rows]


def measure_pages(url: str, session: requests.Session, operator_ids: list[str]) -> list[tuple[str, str, list[float], int]]:
    deps = [d for d in session.get(url + "/_dash-dependencies", timeout=30).json() if not d.get("clientside_function")]
    router = next(d for d in deps if "_pages_content.children" in d["output"])
    rows, measured = [], set()
    for path in [*pages(url, session), *[f"/operators/{o}" for o in operator_ids]]:
        route = body(router, {"_pages_location": {"pathname": path, "search": ""}})
        times, status = timed(lambda r=route: session.post(url + "/_dash-update-component", json=r, timeout=60))
        rows.append((path, "page layout (_pages_content)", times, status))
        layout = session.post(url + "/_dash-update-component", json=route, timeout=60).json()
        props = {p["id"]: p for p in walk(layout) if isinstance(p.get("id"), str)}
        for dep in deps:
            ids = [i["id"] for i in dep["inputs"]]
            if dep is router or not ids or not all(isinstance(i, str) and i in props for i in ids):
                continue
            measured.add(dep["output"])
            variants = GRID_VARIANTS if any(i["property"] == "getRowsRequest" for i in dep["inputs"]) else {"": None}
            for name, request in variants.items():
                post = body(dep, props, {"getRowsRequest": request} if request else None)
                times, status = timed(lambda b=post: session.post(url + "/_dash-update-component", json=b, timeout=60))
                rows.append((path, f"{dep['output'].strip('.').split('.')[0]}{' · ' + name if name else ''}", times, status))
    for dep in deps:
        # a callback no measured page rendered is timed only where it needs no page state (a store it would read is empty)
        if dep is not router and dep["output"] not in measured and all(isinstance(i["id"], str) for i in dep["inputs"]) \
                and not dep.get("state"):
            post = body(dep, {})
            times, status = timed(lambda b=post: session.post(url + "/_dash-update-component", json=b, timeout=60))
            rows.append(("(any page)", dep["output"].strip("."), times, status))
    return rows


def api_paths(spec: dict[str, Any], fill: dict[str, str]) -> list[str]:
    """Every GET route of the OpenAPI description with its path parameters filled (routes with one left unfilled are skipped:
    this database has nothing for them); a route with required query parameters gets the bench's quote order."""
    urls = []
    for path, methods in spec["paths"].items():
        if "get" not in methods:
            continue
        for key, value in fill.items():
            path = path.replace(key, value)
        if "{" in path:
            continue
        required = [p["name"] for p in methods["get"].get("parameters", []) if p.get("in") == "query" and p.get("required")]
        urls.append(path + ("?gpu=H100&count=8&hours=72" if required else ""))
    return urls


def measure_api(url: str, session: requests.Session, node: str, operator: str) -> list[tuple[str, str, list[float], int]]:
    fill = {"{symbol}": "AKT", "{network}": "localnet", "{node_id}": node, "{model}": "H100", "{operator_id}": operator}
    urls = api_paths(session.get(url + "/api/v1/openapi.json", timeout=30).json(), fill)
    urls += ["/api/v1/nodes?q=kestrel", "/api/v1/nodes?sort=availability_7d&order=desc", "/api/v1/nodes?offset=5000",
             "/api/v1/gpus?network=localnet", "/api/v1/prices?provider=localnet"]
    rows = []
    for u in urls:
        times, status = timed(lambda u=u: session.get(url + u, timeout=120))
        rows.append((u, "GET", times, status))
    return rows


def report(title: str, rows: list[tuple[str, str, list[float], int]]) -> None:
    print(f"\n  {title:<44} {'what':<52} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8}  status")
    for where, what, times, status in rows:
        flag = "" if pct(times, 0.95) < 150 else "  > 150 ms"
        print(f"  {where[:44]:<44} {what[:52]:<52} {len(times):>5} {pct(times, 0.5):>8.1f} {pct(times, 0.95):>8.1f}  {status}{flag}")


def roll_up(path: Path) -> tuple[float, int]:
    """Bring a reused database's availability rollup up to date, as the local network's writer does after every tick."""
    from computescope.db import Database
    from computescope.verify.availability import refresh_node_availability

    db = Database(path)
    cur = db.cursor()
    started = time.perf_counter()
    cur.execute("begin")
    changed = refresh_node_availability(cur)
    cur.execute("commit")
    seconds = time.perf_counter() - started
    db.close()
    return seconds, changed


def run(nodes: int, days: int, seed: int, reuse: Path | None, cold: bool = True) -> None:
    print(f"\n== {nodes:,} nodes × {days} days (seed {seed}) ==", flush=True)
    tmp = tempfile.TemporaryDirectory(prefix="computescope-bench-")
    path = reuse or Path(tmp.name) / "explorer.duckdb"
    if reuse is None:
        seconds, hours = build(path, nodes, days, seed)
        print(f"  backfill: {seconds:.1f} s, {hours:,} node-hours, database {size_of(path) / 1e9:.2f} GB", flush=True)
    else:
        print(f"  reusing {path}: database {size_of(path) / 1e9:.2f} GB", flush=True)
    seconds, changed = roll_up(path)
    print(f"  availability rollup: {changed:,} nodes rebuilt in {seconds:.2f} s", flush=True)
    ops = operators(path)
    server = Server(path, cold)
    mode = "read cache off: every call computed afresh" if cold else "read cache on: calls after the warm-up reuse its answer"
    print(f"  server ready in {server.ready_s:.1f} s; {CALLS} timed calls each after one warm-up; {mode}", flush=True)
    try:
        with requests.Session() as session:
            top = session.get(server.url + "/api/v1/nodes?network=localnet&limit=1", timeout=60).json()
            report("page", measure_pages(server.url, session, ops))
            report("API endpoint", measure_api(server.url, session, top[0]["node_id"] if top else "ln-000000", ops[0] if ops else "none"))
    finally:
        server.stop()
        tmp.cleanup()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.explorer.run", description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int)
    parser.add_argument("--days", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="a database a backfill already wrote (skips the backfill)")
    parser.add_argument("--cache", choices=("off", "on"), default="off", help="the server's read cache (default off: cold answers)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    sizes = [(args.nodes, args.days)] if args.nodes and args.days else [(10_000, 365), (1_000, 30)]
    for nodes, days in sizes:
        run(nodes, days, args.seed, args.db, cold=args.cache == "off")


if __name__ == "__main__":
    main()
