"""Nonces already used, kept in memory for the report window: a replay is refused without a database round trip."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable


class ReplaySet:
    """Check-and-set of (public key, nonce) pairs signed within `keep_s` of now; older pairs fail the clock check anyway.

    Seeded once from the database (the nonces table, which every stored batch extends), so a restart forgets nothing.
    """

    def __init__(self, keep_s: float, seed: Callable[[float], Iterable[tuple[str, str, float]]]) -> None:
        self.keep_s = keep_s
        self._seed = seed
        self._seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self._seeded = False
        self._pruned_at = -float("inf")

    def _ensure(self, now: float) -> None:
        if not self._seeded:
            self._seen.update(((key, nonce), signed) for key, nonce, signed in self._seed(now - self.keep_s))
            self._seeded = True
            self._pruned_at = now

    def claim(self, key: str, nonce: str, signed_at: float, now: float) -> bool:
        """True and the pair recorded when it is new; False when it was used before (a replay)."""
        with self._lock:
            self._ensure(now)
            if (key, nonce) in self._seen:
                return False
            self._seen[(key, nonce)] = signed_at
            if now - self._pruned_at > self.keep_s / 4:
                cutoff = now - self.keep_s
                self._seen = {pair: t for pair, t in self._seen.items() if t >= cutoff}
                self._pruned_at = now
            return True

    def release(self, key: str, nonce: str) -> None:
        """Forget a claim whose report was not stored after all, so the node may send it again."""
        with self._lock:
            self._seen.pop((key, nonce), None)

    def __len__(self) -> int:
        return len(self._seen)
