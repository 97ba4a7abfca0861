"""Load: N concurrent clients for S seconds against a mix of page callbacks and API endpoints on a real local server.

`python -m bench.load.run --db PATH` serves a database a backfill wrote (without --db it backfills --nodes × --days first);
`--clients 50 --seconds 30` (bounded: at most 500 clients, 600 s and --max-requests in all); `--no-cache` serves without the
read cache, to compare; `--url http://127.0.0.1:PORT` loads a server already running here (e.g. `computescope web`). Prints requests/s, p50, p95 and errors per mix (API, pages) and over both. Prints only.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from bench.explorer.run import GRID_VARIANTS, Server, api_paths, body, build, pages, pct, walk

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Call:
    mix: str      # api | pages
    method: str
    path: str
    json: dict[str, Any] | None = None


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {"api": [], "pages": []})
    errors: dict[str, int] = field(default_factory=lambda: {"api": 0, "pages": 0})
    first_error: str = ""


def api_calls(url: str, session: requests.Session) -> list[Call]:
    """Every GET endpoint of the OpenAPI description with its path parameters filled, and the node list's sorts and pages."""
    spec = session.get(url + "/api/v1/openapi.json", timeout=60).json()
    top = session.get(url + "/api/v1/nodes?network=localnet&limit=1", timeout=60).json()
    fill = {"{symbol}": "AKT", "{network}": "localnet", "{node_id}": top[0]["node_id"] if top else "ln-000000", "{model}": "H100"}
    calls = [Call("api", "GET", path) for path in api_paths(spec, fill)]
    for extra in ("/api/v1/nodes?q=kestrel", "/api/v1/nodes?sort=availability_7d&order=desc", "/api/v1/nodes?offset=500",
                  "/api/v1/gpus?network=localnet", "/api/v1/prices?provider=localnet"):
        calls.append(Call("api", "GET", extra))
    return calls


def page_calls(url: str, session: requests.Session) -> list[Call]:
    """Each page's layout callback and every callback its layout feeds, as a browser first sends them."""
    deps = [d for d in session.get(url + "/_dash-dependencies", timeout=60).json() if not d.get("clientside_function")]
    router = next(d for d in deps if "_pages_content.children" in d["output"])
    calls = []
    for path in pages(url, session):
        route = body(router, {"_pages_location": {"pathname": path, "search": ""}})
        calls.append(Call("pages", "POST", "/_dash-update-component", route))
        layout = session.post(url + "/_dash-update-component", json=route, timeout=120).json()
        props = {p["id"]: p for p in walk(layout) if isinstance(p.get("id"), str)}
        for dep in deps:
            ids = [i["id"] for i in dep["inputs"]]
            if dep is router or not ids or not all(isinstance(i, str) and i in props for i in ids):
                continue
            grid = any(i["property"] == "getRowsRequest" for i in dep["inputs"])
            for request in GRID_VARIANTS.values() if grid else [None]:
                calls.append(Call("pages", "POST", "/_dash-update-component", body(dep, props, {"getRowsRequest": request} if request else None)))
    return calls


def client(url: str, calls: list[Call], start: int, deadline: float, budget: list[int], lock: threading.Lock, tally: Tally) -> None:
    with requests.Session() as session:
        i = start
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            call = calls[i % len(calls)]
            i += 1
            began = time.perf_counter()
            try:
                response = session.request(call.method, url + call.path, json=call.json, timeout=60)
                ok, why = response.status_code in (200, 204), f"{response.status_code} {call.path}"
            except requests.RequestException as exc:
                ok, why = False, f"{type(exc).__name__} {call.path}"
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                tally.times[call.mix].append(elapsed)
                if not ok:
                    tally.errors[call.mix] += 1
                    tally.first_error = tally.first_error or why


def load(url: str, calls: list[Call], clients: int, seconds: float, max_requests: int) -> tuple[Tally, float]:
    tally, lock, budget = Tally(), threading.Lock(), [max_requests]
    began = time.perf_counter()
    deadline = began + seconds
    step = max(1, len(calls) // clients)
    threads = [threading.Thread(target=client, args=(url, calls, n * step, deadline, budget, lock, tally), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return tally, time.perf_counter() - began


def line(name: str, times: list[float], errors: int, seconds: float) -> str:
    if not times:
        return f"  {name:<8} no requests"
    return (f"  {name:<8} {len(times):>7,} requests  {len(times) / seconds:>8.1f} requests/s  p50 {pct(times, 0.5):>7.1f} ms"
            f"  p95 {pct(times, 0.95):>7.1f} ms  errors {errors}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database a backfill already wrote (copied, never changed)")
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=50, choices=range(1, 501), metavar="1..500")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--mix", choices=("api", "pages", "both"), default="both", help="which requests each client sends")
    parser.add_argument("--no-cache", dest="cache", action="store_false", help="serve without the read cache")
    parser.add_argument("--url", help="load a server already running on this machine (http://127.0.0.1:PORT) instead")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    seconds = min(max(args.seconds, 1.0), 600.0)
    if args.url:
        if not re.fullmatch(r"http://(127\.0\.0\.1|localhost):\d{1,5}", args.url):
            parser.error("--url must be http://127.0.0.1:PORT: this bench loads only this machine")
        report(args, args.url, seconds)
        return
    with tempfile.TemporaryDirectory(prefix="computescope-load-") as tmp:
        path = Path(tmp) / "load.duckdb"
        if args.db:
            path.write_bytes(args.db.read_bytes())
        else:
            took, hours = build(path, args.nodes, args.days, args.seed)
            print(f"backfill {args.nodes:,} nodes × {args.days} days: {took:.1f} s, {hours:,} node-hours", flush=True)
        server = Server(path, cold=not args.cache)
        try:
            report(args, server.url, seconds)
        finally:
            server.stop()


def report(args: argparse.Namespace, url: str, seconds: float) -> None:
    with requests.Session() as session:
        api = api_calls(url, session) if args.mix in ("api", "both") else []
        page = page_calls(url, session) if args.mix in ("pages", "both") else []
    where = url if args.url else f"read cache {'on' if args.cache else 'off'}"
    print(f"load: {args.clients} clients × {seconds:g} s, {len(api)} API requests and {len(page)} page callbacks in the mix, {where}",
          flush=True)
    tally, took = load(url, api + page, args.clients, seconds, args.max_requests)
    for mix in ("api", "pages"):
        if tally.times[mix]:
            print(line(mix, tally.times[mix], tally.errors[mix], took))
    print(line("all", tally.times["api"] + tally.times["pages"], sum(tally.errors.values()), took))
    if tally.first_error:
        print(f"  first error: {tally.first_error}")


if __name__ == "__main__":
    main()
