"""Batched heartbeat intake: flush by size and by time, 429 when the queue is full, replays refused in memory, nothing lost."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from nacl.signing import SigningKey

from computescope.core.verification.signing import (
    ReportRejected,
    VerifiedReport,
    canonical_json,
    generate_key,
    public_key_hex,
)
from computescope.db import Database
from computescope.deploy.spool import Drained, drain, spool
from computescope.explorer.api.intake import EXTENSION, RateGuard
from computescope.verify.batches import Beat
from computescope.verify.params import VerifyParams
from computescope.verify.store import VerificationStore
from computescope.verify.writer import BatchWriter, QueueFull, WriterOptions
from tests.support.verify import NOW, collector_app, counts, post, registration, report

PARAMS = VerifyParams(challenge_n=64, challenge_mean_s=1e12)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def beat_of(store: VerificationStore, key: SigningKey, envelope: dict[str, Any], now: float) -> Beat:
    """A heartbeat as it waits in the queue (verified on arrival; here built straight from the signed envelope)."""
    verified = VerifiedReport(envelope["public_key"], envelope["nonce"], envelope["timestamp"], {"kind": "heartbeat"})
    return Beat(store._keys[public_key_hex(key)], verified, envelope, now)


def heartbeats(db: Database) -> int:
    return int(db.cursor().execute("select count(*) from node_reports where kind = 'heartbeat'").fetchall()[0][0])


def test_a_batch_is_flushed_when_full_or_when_its_oldest_item_is_old_enough() -> None:
    flushed: list[list[str]] = []
    clock = Clock()
    writer: BatchWriter[str] = BatchWriter(lambda items: flushed.append(items) or [f"ok {i}" for i in items],
                                           WriterOptions(max_queue=10, batch_size=3, flush_s=2.0), clock)
    a, b = writer.submit("a"), writer.submit("b")
    assert writer.pump() == 0 and flushed == [] and not a.done()
    c = writer.submit("c")  # the third fills the batch: flushed by size, no time passed
    assert writer.pump() == 3 and flushed == [["a", "b", "c"]] and (a.result(), b.result(), c.result()) == ("ok a", "ok b", "ok c")
    d = writer.submit("d")
    clock.now += 1.999
    assert writer.pump() == 0 and not d.done()
    clock.now += 0.001  # the oldest item waited flush_s: flushed by time, alone
    assert writer.pump() == 1 and flushed[-1] == ["d"] and d.result() == "ok d"
    assert (writer.batches, writer.stored) == (2, 4)


def test_a_full_queue_refuses_with_a_retry_hint_and_a_failed_batch_fails_each_item() -> None:
    def flush(items: list[int]) -> list[Any]:
        if 13 in items:
            raise RuntimeError("disk full")
        return [ReportRejected("unknown_key") if i == 2 else i * 10 for i in items]

    writer: BatchWriter[int] = BatchWriter(flush, WriterOptions(max_queue=3, batch_size=3, flush_s=60.0), Clock())
    futures = writer.submit_many([1, 2, 3])
    with pytest.raises(QueueFull) as full:
        writer.submit(4)
    assert full.value.retry_after_s >= 1.0
    with pytest.raises(QueueFull):
        writer.submit_many([5])
    writer.pump()
    assert futures[0].result() == 10 and futures[2].result() == 30
    assert isinstance(futures[1].exception(), ReportRejected)
    failed = writer.submit_many([13, 14, 15])
    writer.pump()
    assert all(str(f.exception()) == "disk full" for f in failed) and writer.stored == 2


def test_http_answers_429_with_retry_after_when_the_queue_is_full(db: Database) -> None:
    app = collector_app(db, params=PARAMS, guard=RateGuard(1e6, 10**6), writer=WriterOptions(max_queue=2, batch_size=100, flush_s=60.0),
                        autostart=False)
    store: VerificationStore = app.extensions[EXTENSION].store
    client = app.test_client()
    now = time.time()
    keys = [generate_key() for _ in range(3)]
    for i, key in enumerate(keys):
        assert post(client, "/api/v1/nodes/register", registration(key, f"q{i}", now=now)).status_code == 201
    queued = [report(keys[i], {"kind": "heartbeat", "seq": 1}, now) for i in range(2)]
    store.writer.submit_many([beat_of(store, keys[i], queued[i], now) for i in range(2)])
    refused_beat = report(keys[2], {"kind": "heartbeat", "seq": 1}, now)
    refused = post(client, "/api/v1/reports", refused_beat)
    assert refused.status_code == 429 and refused.get_json()["reason"] == "queue_full" and int(refused.headers["Retry-After"]) >= 1
    assert heartbeats(db) == 0
    store.writer.stop()  # flushes the two queued heartbeats
    store.writer.options = WriterOptions(max_queue=2, batch_size=1, flush_s=0.0)
    store.writer.start()
    try:
        # the refused report burned nothing: once there is room the very same envelope is accepted
        accepted = post(client, "/api/v1/reports", refused_beat)
        assert accepted.status_code == 200 and accepted.get_json()["accepted"] == "heartbeat"
    finally:
        store.writer.stop()
    assert heartbeats(db) == 3


def registered(db: Database, n: int) -> tuple[VerificationStore, list[SigningKey]]:
    store = VerificationStore(db, PARAMS, rng=np.random.default_rng(7))
    keys = [generate_key() for _ in range(n)]
    for i, key in enumerate(keys):
        store.register(registration(key, f"b{i}"), NOW)
    return store, keys


def test_a_replayed_nonce_is_refused_in_the_same_batch_across_batches_and_after_a_restart(db: Database) -> None:
    store, (key,) = registered(db, 1)
    env = report(key, {"kind": "heartbeat", "seq": 1}, NOW + 60)
    first, again = store.accept_batch([env, env], NOW + 60)
    assert first["accepted"] == "heartbeat" and isinstance(again, ReportRejected) and again.reason == "replayed_nonce"
    with pytest.raises(ReportRejected, match="replayed_nonce"):
        store.accept_report(env, NOW + 61)
    assert store.accept_batch([env], NOW + 62)[0].reason == "replayed_nonce"
    restarted = VerificationStore(db, PARAMS)  # a new process: its replay set is seeded from the stored nonces
    with pytest.raises(ReportRejected, match="replayed_nonce"):
        restarted.accept_report(env, NOW + 63)
    assert restarted.accept_report(report(key, {"kind": "heartbeat", "seq": 2}, NOW + 63), NOW + 63)["accepted"] == "heartbeat"
    assert heartbeats(db) == 2


def test_batches_store_exactly_what_one_report_at_a_time_stores(tmp_path: Path) -> None:
    """Runs (with a gap long enough to count as downtime), beats, logs and nonces: the same rows either way."""
    times = [NOW + m * 60 for m in (1, 2, 3, 4, 40, 41)]
    tables = {}
    for how in ("one", "batch"):
        db = Database(tmp_path / f"{how}.duckdb")
        store, keys = registered(db, 3)
        envs = [report(k, {"kind": "heartbeat", "seq": j}, t) for j, t in enumerate(times) for k in keys]
        for j, t in enumerate(times):
            chunk = envs[3 * j:3 * j + 3]
            if how == "one":
                [store.accept_report(e, t) for e in chunk]
            else:
                assert all(isinstance(r, dict) for r in store.accept_batch(chunk, t))
        cur = db.cursor()
        tables[how] = (cur.execute("select node_id, first_slot, last_slot, beats from node_heartbeat_runs order by all").fetchall(),
                       cur.execute("select node_id, kind, count(*) from node_events group by all order by all").fetchall(),
                       {k: v for k, v in counts(db).items()})
        db.close()
    assert tables["one"] == tables["batch"]
    runs = tables["batch"][0]
    assert [r for r in runs if r[0] == "b0"] == [("b0", int(NOW // 60), int(NOW // 60) + 4, 5), ("b0", int(NOW // 60) + 40, int(NOW // 60) + 41, 2)]
    assert tables["batch"][2]["node_reports"] == 3 + 18


def test_stop_flushes_everything_queued(db: Database) -> None:
    store, keys = registered(db, 4)
    store.writer.options = WriterOptions(max_queue=100, batch_size=100, flush_s=3600.0)
    envs = [report(k, {"kind": "heartbeat", "seq": 1}, NOW + 60) for k in keys]
    futures = store.writer.submit_many([beat_of(store, k, e, NOW + 60) for k, e in zip(keys, envs, strict=True)])
    store.writer.start()  # neither full nor old enough: the thread holds them
    store.writer.stop()
    assert all(f.result()["accepted"] == "heartbeat" for f in futures) and heartbeats(db) == 4


def test_a_crash_between_accept_and_flush_acknowledged_nothing_and_loses_nothing_acknowledged(db: Database) -> None:
    """Heartbeats are answered only after their batch committed: a crash before the flush leaves no answer given and no
    nonce burned, so the node's resend after the restart is stored."""
    store, keys = registered(db, 2)
    envs = [report(k, {"kind": "heartbeat", "seq": 1}, NOW + 60) for k in keys]
    futures = store.writer.submit_many([beat_of(store, k, e, NOW + 60) for k, e in zip(keys, envs, strict=True)])
    before = counts(db)
    del store  # the process dies here: the queue is gone and no future was ever resolved
    assert not any(f.done() for f in futures) and counts(db) == before
    restarted = VerificationStore(db, PARAMS)
    assert [restarted.accept_report(e, NOW + 61)["accepted"] for e in envs] == ["heartbeat", "heartbeat"]
    assert heartbeats(db) == 2


def test_relayed_batches_over_http_answer_each_envelope(client: Any) -> None:
    now = time.time()
    keys = [generate_key() for _ in range(2)]
    for i, key in enumerate(keys):
        assert post(client, "/api/v1/nodes/register", registration(key, f"r{i}", now=now)).status_code == 201
    good = report(keys[0], {"kind": "heartbeat", "seq": 1}, now)
    commit = report(keys[1], {"kind": "commit", "challenge_id": "f" * 32, "root": "ab" * 32}, now)
    stranger = report(generate_key(), {"kind": "heartbeat", "seq": 1}, now)
    out = post(client, "/api/v1/reports/batch", {"reports": [good, good, commit, stranger]})
    assert out.status_code == 200
    assert [(r["status"], r.get("reason") or r.get("accepted")) for r in out.get_json()["results"]] == [
        (200, "heartbeat"), (401, "replayed_nonce"), (400, "malformed"), (401, "unknown_key")]
    for body in ({"reports": []}, {"reports": "x"}, [good], {"reports": [good] * 1001}):
        bad = post(client, "/api/v1/reports/batch", body)
        assert bad.status_code == 400 and bad.get_json()["field"] == "reports"
    # something other than a signed envelope refuses the whole request, naming the item
    for item, field in (([None], "reports[1]"), ({**good, "nonce": "zz"}, "reports[1].nonce"), ({**good, "timestamp": True}, "reports[1].timestamp")):
        bad = post(client, "/api/v1/reports/batch", {"reports": [good, item]})
        assert bad.status_code == 400 and bad.get_json()["field"] == field
    assert client.get("/api/v1/reports/batch").status_code == 405


def test_a_relayed_batch_spooled_by_a_web_worker_is_stored_by_the_writer(db: Database, tmp_path: Path) -> None:
    store, keys = registered(db, 3)
    envs = [report(k, {"kind": "heartbeat", "seq": 1}, NOW + 60) for k in keys]
    folder = tmp_path / "spool"
    spool(folder, "batch", canonical_json({"reports": [*envs, envs[0]]}), received_s=NOW + 60)
    spool(folder, "batch", canonical_json({"reports": envs[:1]}), received_s=NOW + 61)  # every report in it a replay
    spool(folder, "batch", b'{"reports": 3}', received_s=NOW + 62)
    assert drain(folder, store) == Drained(stored=1, rejected=2, left=0)
    assert heartbeats(db) == 3
    reasons = sorted(p.read_text() for p in (folder / "rejected").glob("*.reason"))
    assert reasons == ["malformed: malformed: reports\n", "replayed_nonce: replayed_nonce: reports\n"]


def test_spooled_heartbeats_in_a_row_are_drained_as_one_batch(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, keys = registered(db, 3)
    batches: list[int] = []
    flush = store.store_heartbeats
    monkeypatch.setattr(store, "store_heartbeats", lambda beats: batches.append(len(beats)) or flush(beats))
    folder = tmp_path / "spool"
    beats = [report(k, {"kind": "heartbeat", "seq": 1}, NOW + 60) for k in keys]
    commit = report(keys[0], {"kind": "commit", "challenge_id": "f" * 32, "root": "ab" * 32}, NOW + 61)
    for i, env in enumerate([*beats, beats[0], commit, report(keys[1], {"kind": "heartbeat", "seq": 2}, NOW + 62)]):
        spool(folder, "report", canonical_json(env), received_s=NOW + 60 + i / 10)
    assert drain(folder, store) == Drained(stored=4, rejected=2, left=0)
    assert batches == [3, 1] and heartbeats(db) == 4  # the replay is refused before its batch; the commit broke the row
    reasons = sorted(p.read_text() for p in (folder / "rejected").glob("*.reason"))
    assert reasons == ["replayed_nonce: replayed_nonce\n", "unknown_challenge: unknown_challenge\n"]
