"""One writer thread that stores queued items in batches: a bounded queue, flushed when full enough or old enough."""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
_STARTED: weakref.WeakSet[BatchWriter[Any]] = weakref.WeakSet()


class QueueFull(Exception):
    """The queue holds `max_queue` items already: the caller should answer 429 and ask for a retry later."""

    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"the intake queue is full; retry in {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class WriterOptions:
    max_queue: int = 20_000   # items waiting; past it submit refuses (back-pressure)
    batch_size: int = 2_000   # a batch this large is flushed at once
    flush_s: float = 0.005    # an item waits at most this long for others to join its batch


class BatchWriter(Generic[T]):
    """Items are acknowledged through their futures only after `flush` stored their batch (one transaction).

    `flush(items)` returns one result per item: a value, or an exception for that item alone; if it raises, every
    item of the batch fails with that error and nothing of the batch was stored.
    """

    def __init__(self, flush: Callable[[list[T]], list[Any]], options: WriterOptions | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.options = options or WriterOptions()
        self._flush = flush
        self._clock = clock
        self._items: list[tuple[T, Future[Any], float]] = []
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.batches = 0
        self.stored = 0

    @property
    def running(self) -> bool:
        return self._thread is not None

    def __len__(self) -> int:
        return len(self._items)

    def submit(self, item: T) -> Future[Any]:
        """Queue one item; raises QueueFull when the queue is at its bound."""
        return self.submit_many([item])[0]

    def submit_many(self, items: list[T]) -> list[Future[Any]]:
        """Queue items together, all or none: QueueFull when they do not fit under the bound."""
        with self._cond:
            if len(self._items) + len(items) > self.options.max_queue:
                # the queue drains at least one batch per flush interval: that is when room comes back
                raise QueueFull(max(1.0, len(self._items) / max(self.options.batch_size, 1) * max(self.options.flush_s, 0.05)))
            now = self._clock()
            futures: list[Future[Any]] = [Future() for _ in items]
            was_empty = not self._items
            self._items.extend((item, future, now) for item, future in zip(items, futures, strict=True))
            if was_empty or len(self._items) >= self.options.batch_size:
                self._cond.notify()
            return futures

    def _due(self, now: float) -> bool:
        return bool(self._items) and (len(self._items) >= self.options.batch_size or self._stopping
                                      or now - self._items[0][2] >= self.options.flush_s)

    def pump(self, now: float | None = None) -> int:
        """Flush one batch if it is due (full, old enough, or stopping); returns how many items it stored or refused."""
        with self._cond:
            if not self._due(self._clock() if now is None else now):
                return 0
            batch, self._items = self._items[:self.options.batch_size], self._items[self.options.batch_size:]
        self._run(batch)
        return len(batch)

    def _run(self, batch: list[tuple[T, Future[Any], float]]) -> None:
        try:
            results = self._flush([item for item, _, _ in batch])
        except Exception as exc:  # the batch rolled back: each caller hears why, and the writer goes on
            log.exception("intake batch of %d failed", len(batch))
            for _, future, _ in batch:
                future.set_exception(exc)
            return
        self.batches += 1
        for (_, future, _), result in zip(batch, results, strict=True):
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                self.stored += 1
                future.set_result(result)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._due(self._clock()):
                    if self._stopping and not self._items:
                        return
                    wait = self.options.flush_s - (self._clock() - self._items[0][2]) if self._items else None
                    self._cond.wait(wait)
            self.pump()

    def start(self) -> None:
        if self._thread is None:
            self._stopping = False
            self._thread = threading.Thread(target=self._loop, name="intake-writer", daemon=True)
            self._thread.start()
            _STARTED.add(self)

    def stop(self) -> None:
        """Flush everything queued, then end the thread; a stopped writer can be started again."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        while self._items:
            self._stopping = True
            self.pump()
        self._stopping = False


@atexit.register
def _flush_all() -> None:
    # At exit the daemon writer threads still run: let each flush what it holds before the interpreter stops them.
    for writer in list(_STARTED):
        writer.stop()
