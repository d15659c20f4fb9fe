"""Wikimedia's limits, held for the whole process rather than for one run.

A hosted dashboard serves several organizers at once, each run in its own thread
with its own event loop (Streamlit calls `asyncio.run` per run). The limits are
Wikimedia's per client, not per run: 3 concurrent requests per wiki, and LiftWing's
requests per second. So the slots and the pacing live here, keyed by
(network location, host key), shared by every `WikimediaHttp` of the process and
safe across threads and event loops. asyncio's own Semaphore and the aiolimiter
package are bound to one loop, hence these small primitives.

Known limit: several dashboard processes behind one link (sharing a Redis cache)
each keep their own limits; run one process per IP, or lower
MICROTASK_LIFTWING_RATE, to stay within Wikimedia's limits there.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque

Scope = tuple[str, str]  # (network location, host key)


class Slots:
    """At most `limit` holders at once, across every thread and event loop."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._free = limit
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]
        self._waiters = deque()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append((loop, waiter))
        try:
            await waiter
        except asyncio.CancelledError:
            with self._lock:
                if (loop, waiter) in self._waiters:
                    self._waiters.remove((loop, waiter))
                    raise
            # The slot was handed over while we were being cancelled: pass it on.
            self.release()
            raise

    def release(self) -> None:
        with self._lock:
            while self._waiters:
                loop, waiter = self._waiters.popleft()
                try:
                    loop.call_soon_threadsafe(_grant, waiter)
                except RuntimeError:  # that run's loop has closed: next waiter
                    continue
                return
            self._free += 1


def _grant(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Pacer:
    """Spaces requests `interval` seconds apart and holds them during a pause.

    Each request reserves the next free moment under a lock, then sleeps until
    it: no burst, whatever the number of threads. `pause` (after a 429 or a
    maxlag answer with Retry-After) holds back every request of the scope, not
    only the one that was refused.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 0.0
        self._paused_until = 0.0

    def reserve(self, interval: float) -> float:
        """Seconds to wait before the caller's turn."""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next, self._paused_until)
            self._next = turn + interval
            return turn - now

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def wait(self, interval: float) -> None:
        delay = self.reserve(interval)
        while delay > 0:
            await asyncio.sleep(delay)
            # A pause may have begun while we slept.
            with self._lock:
                delay = self._paused_until - time.monotonic()


_registry_lock = threading.Lock()
_slots: dict[tuple[Scope, int], Slots] = {}
_pacers: dict[Scope, Pacer] = {}


def slots(scope: Scope, limit: int) -> Slots:
    """The process-wide slots of one host."""
    with _registry_lock:
        return _slots.setdefault((scope, limit), Slots(limit))


def pacer(scope: Scope) -> Pacer:
    """The process-wide pacer of one host."""
    with _registry_lock:
        return _pacers.setdefault(scope, Pacer())
