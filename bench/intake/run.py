"""Benchmark of node intake: signed heartbeats from N nodes, verified on arrival and stored in batches by the one writer."""

from __future__ import annotations

import argparse
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import requests
from flask import Flask
from nacl.signing import SigningKey
from werkzeug.serving import make_server

from computescope.core.verification.signing import (
    canonical_json,
    generate_key,
    registration_payload,
    sign_report,
)
from computescope.db import Database
from computescope.explorer.api.intake import RateGuard, register_collector
from computescope.settings import load_settings
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore

HARDWARE = {"cpu_model": "AMD EPYC 7763 64-Core Processor", "cpu_cores": 8, "memory_gb": 64.0, "gpus": []}
MEASURED = {"cpu": {"gflops": 250.0, "gbps": 40.0}}
REPORTS = "/api/v1/reports"
BATCH = "/api/v1/reports/batch"
Post = Callable[[bytes], int]


def register_fleet(store: VerificationStore, n_nodes: int, now: float) -> list[SigningKey]:
    keys = [generate_key() for _ in range(n_nodes)]
    for i, key in enumerate(keys):
        store.register(sign_report(key, registration_payload(network="localnet", node_id=f"bench-{i}", hardware=HARDWARE,
                                                             measured=MEASURED), now=now), now)
    return keys


def in_process(app: Flask, route: str) -> Callable[[], Post]:
    def client() -> Post:
        c = app.test_client()
        return lambda body: c.post(route, data=body, content_type="application/json").status_code
    return client


def over_http(base: str, route: str) -> Callable[[], Post]:
    def client() -> Post:
        session = requests.Session()
        return lambda body: session.post(base + route, data=body, headers={"Content-Type": "application/json"}).status_code
    return client


def send(bodies: list[bytes], clients: int, make_client: Callable[[], Post]) -> tuple[float, dict[int, int], np.ndarray]:
    """Each client thread is a stream of nodes posting one heartbeat at a time; returns wall seconds, statuses, latencies."""
    statuses: dict[int, int] = {}
    latencies = np.zeros(len(bodies))
    lock = threading.Lock()
    cursor = iter(range(len(bodies)))

    def work() -> None:
        post = make_client()
        while True:
            with lock:
                i = next(cursor, None)
            if i is None:
                return
            t = time.perf_counter()
            code = post(bodies[i])
            latencies[i] = time.perf_counter() - t
            with lock:
                statuses[code] = statuses.get(code, 0) + 1

    threads = [threading.Thread(target=work) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t, statuses, latencies


def relayed(bodies: list[bytes], per_request: int) -> list[bytes]:
    """The same signed envelopes, `per_request` at a time in the body of one POST /api/v1/reports/batch."""
    return [b'{"reports":[' + b",".join(bodies[i:i + per_request]) + b"]}" for i in range(0, len(bodies), per_request)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--reports", type=int, default=20_000, help="heartbeats in each of the two runs")
    parser.add_argument("--clients", type=int, default=64, help="concurrent senders of single heartbeats")
    parser.add_argument("--relays", type=int, default=4, help="concurrent senders of relayed batches")
    parser.add_argument("--per-batch", type=int, default=500, help="heartbeats in one relayed request")
    parser.add_argument("--http", action="store_true", help="post over HTTP to a local server instead of the Flask test client")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        db = Database(path)
        app = Flask("intake-bench")
        # the quotas are not what is measured here: one generous bucket replaces them
        store = register_collector(app, db, load_settings({"db": path}, environ={}), params=VerifyParams(challenge_mean_s=1e12),
                                   guard=RateGuard(1e9, 10**9))
        t = time.perf_counter()
        keys = register_fleet(store, args.nodes, time.time())
        registered_s = time.perf_counter() - t
        now = time.time()
        t = time.perf_counter()
        bodies = [canonical_json(sign_report(keys[i % args.nodes], {"kind": "heartbeat", "seq": i}, now=now))
                  for i in range(2 * args.reports)]
        sign_s = time.perf_counter() - t
        server: Any = None
        if args.http:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access line per request would be what is measured
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_port}"
            how, single, batch = "over HTTP to a local threaded werkzeug server", over_http(base, REPORTS), over_http(base, BATCH)
        else:
            how, single, batch = "in-process through the Flask test client", in_process(app, REPORTS), in_process(app, BATCH)
        print(f"node intake, {how}: {args.nodes:,} nodes (registered in {registered_s:.1f} s), heartbeats signed with Ed25519"
              f" beforehand ({2 * args.reports / sign_s:,.0f}/s, not timed); each verified on arrival, stored by one writer in batches")
        rates = []
        for label, requests_, clients, make_client in (
                (f"one heartbeat per POST /api/v1/reports, {args.clients} concurrent senders", bodies[:args.reports], args.clients,
                 single),
                (f"{args.per_batch} heartbeats per POST /api/v1/reports/batch, {args.relays} concurrent relays",
                 relayed(bodies[args.reports:], args.per_batch), args.relays, batch)):
            before = (store.writer.batches, _stored(db))
            took, statuses, latencies = send(requests_, clients, make_client)
            stored = _stored(db) - before[1]
            batches = store.writer.batches - before[0]
            rates.append(stored / took)
            print(f"  {label}: answers {dict(sorted(statuses.items()))}, {stored:,} of {args.reports:,} heartbeats stored,"
                  f" {batches:,} writer batches ({stored / max(batches, 1):,.0f} per batch), per request p50"
                  f" {np.percentile(latencies, 50) * 1000:.1f} ms p95 {np.percentile(latencies, 95) * 1000:.1f} ms:"
                  f" {stored / took:,.0f} reports/s")
        if server is not None:
            server.shutdown()
        store.writer.stop()
        db.close()
    print(f"intake: {rates[1]:,.0f} reports/s verified and stored")


def _stored(db: Database) -> int:
    return int(db.cursor().execute("select count(*) from node_reports where kind = 'heartbeat'").fetchall()[0][0])


if __name__ == "__main__":
    main()
