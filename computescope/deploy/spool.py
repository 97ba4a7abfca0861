"""Node writes handed from web workers to the writer through a folder: each one fsynced and renamed into place before it is acknowledged."""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from computescope.core.verification.signing import ReportRejected
from computescope.verify.store import VerificationStore

log = logging.getLogger(__name__)
KINDS = ("register", "report", "batch")
REJECTED = "rejected"


@dataclass(frozen=True)
class Drained:
    stored: int
    rejected: int
    left: int


def spool(folder: Path, kind: str, body: bytes, received_s: float | None = None) -> str:
    """Write one request body durably (temp file, fsync, rename, fsync the folder); its name orders it and says when it arrived."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    folder.mkdir(parents=True, exist_ok=True)
    received = time.time() if received_s is None else received_s
    name = f"{int(received * 1e6):020d}-{uuid.uuid4().hex}.{kind}.json"
    tmp = folder / f".{name}.tmp"
    with open(tmp, "wb") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / name)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return name


def pending(folder: Path) -> list[Path]:
    """Spooled writes in arrival order (temp files still being written are not yet spooled)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and p.name.endswith(".json"))


def _reject(path: Path, reason: str) -> None:
    folder = path.parent / REJECTED
    folder.mkdir(exist_ok=True)
    (folder / (path.name + ".reason")).write_text(reason + "\n", encoding="utf-8")
    os.replace(path, folder / path.name)


def _drain_batch(body: object, store: VerificationStore, received_s: float) -> None:
    """Relayed heartbeats, each judged on its own; the file is refused only when none of them could be stored."""
    reports = body.get("reports") if isinstance(body, dict) else None
    if not isinstance(reports, list) or not reports:
        raise ReportRejected("malformed", "reports")
    refused = [r for r in store.accept_batch(reports, now=received_s) if isinstance(r, BaseException)]
    if len(refused) == len(reports):
        raise ReportRejected(getattr(refused[0], "reason", "malformed"), "reports")
    if refused:
        log.info("spool: a relayed batch had %d of %d reports refused", len(refused), len(reports))


def _settle(path: Path, refusal: str | None, tally: list[int]) -> None:
    if refusal is None:
        path.unlink()
        tally[0] += 1
    else:
        _reject(path, refusal)
        tally[1] += 1


def _store_heartbeats(beats: list[tuple[Path, Any, float]], store: VerificationStore, tally: list[int]) -> None:
    """Consecutive spooled heartbeats stored as one batch, each as of when it arrived; a batch that failed stays spooled."""
    if not beats:
        return
    results = store.accept_batch([envelope for _, envelope, _ in beats], now=[received for _, _, received in beats])
    for (path, _, _), result in zip(beats, results, strict=True):
        if isinstance(result, ReportRejected):
            _settle(path, f"{result.reason}: {result}", tally)
        elif not isinstance(result, BaseException):
            _settle(path, None, tally)


def drain(folder: Path, store: VerificationStore, limit: int = 5000) -> Drained:
    """Verify and store up to `limit` spooled writes, as of when each arrived; refused ones move to rejected/ with the reason.

    A file is removed only after the store committed it; a crash in between replays it, and its nonce refuses the copy.
    Heartbeats in a row are stored together, in one batch.
    """
    tally = [0, 0]  # stored, refused
    files = pending(folder)
    beats: list[tuple[Path, Any, float]] = []
    for path in files[:limit]:
        received_s = int(path.name.split("-", 1)[0]) / 1e6
        kind = path.name.rsplit(".", 2)[1]
        try:
            envelope = json.loads(path.read_bytes())
        except (ValueError, RecursionError):
            _settle(path, "malformed: the body is not JSON", tally)
            continue
        if kind == "report" and isinstance(envelope, dict) and envelope.get("kind") == "heartbeat":
            beats.append((path, envelope, received_s))
            continue
        _store_heartbeats(beats, store, tally)
        beats = []
        try:
            if kind == "register":
                store.register(envelope, now=received_s)
            elif kind == "batch":
                _drain_batch(envelope, store, received_s)
            else:
                store.accept_report(envelope, now=received_s)
        except ReportRejected as exc:
            _settle(path, f"{exc.reason}: {exc}", tally)
            continue
        _settle(path, None, tally)
    _store_heartbeats(beats, store, tally)
    stored, rejected = tally
    if rejected:
        log.info("spool: %d stored, %d refused (see %s)", stored, rejected, folder / REJECTED)
    return Drained(stored, rejected, max(0, len(files) - limit))
