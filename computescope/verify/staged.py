"""A per-process cache of database state that takes a transaction's changes only if the transaction commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Staged(Generic[K, V]):
    """Reads fall back to `load` once per key; writes are staged and land on commit, vanish on rollback.

    Sound only while every write to the cached rows goes through this process's store, which holds the
    only read-write connection to the database.
    """

    def __init__(self) -> None:
        self._data: dict[K, V] = {}
        self._stage: dict[K, V] = {}

    def get(self, key: K, load: Callable[[], V]) -> V:
        if key in self._stage:
            return self._stage[key]
        if key not in self._data:
            self._data[key] = load()
        return self._data[key]

    def put(self, key: K, value: V) -> None:
        self._stage[key] = value

    def commit(self) -> None:
        self._data.update(self._stage)
        self._stage.clear()

    def forget(self) -> None:
        """Drop everything cached (rows were deleted behind the cache's back, in the same transaction)."""
        self._data.clear()
        self._stage.clear()

    def rollback(self) -> None:
        self._stage.clear()
