"""Process-wide limits: shared by every thread and event loop of the process."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from microtask.wikimedia.limits import Pacer, Slots


def in_threads(count: int, work) -> None:  # type: ignore[no-untyped-def]
    threads = [
        threading.Thread(target=lambda: asyncio.run(work())) for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)


def test_that_slots_hold_across_threads_and_loops() -> None:
    slots = Slots(3)
    lock = threading.Lock()
    holding, peak, done = 0, 0, 0

    async def hold() -> None:
        nonlocal holding, peak, done
        await slots.acquire()
        with lock:
            holding += 1
            peak = max(peak, holding)
        await asyncio.sleep(0.005)
        with lock:
            holding -= 1
            done += 1
        slots.release()

    async def many() -> None:
        await asyncio.gather(*(hold() for _ in range(20)))

    in_threads(3, many)

    assert (peak, done, holding) == (3, 60, 0)


async def test_that_a_cancelled_waiter_gives_no_slot_away() -> None:
    slots = Slots(1)
    await slots.acquire()
    waiter = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0)

    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    slots.release()

    await asyncio.wait_for(slots.acquire(), timeout=1)  # the slot is free again


def test_that_the_pace_holds_across_threads() -> None:
    pacer = Pacer()
    lock = threading.Lock()
    turns: list[float] = []

    async def requests() -> None:
        # The turns handed out are the pace; when a thread then wakes up is the
        # scheduler's business (a late wake-up only widens the gap after it).
        for _ in range(10):
            delay = pacer.reserve(0.02)
            with lock:
                turns.append(time.monotonic() + delay)
            await asyncio.sleep(delay)

    in_threads(2, requests)

    turns.sort()
    gaps = [b - a for a, b in zip(turns, turns[1:], strict=False)]
    assert len(turns) == 20
    assert min(gaps) >= 0.018  # less the time between reserve() and our clock read


async def test_that_a_pause_holds_back_the_next_request() -> None:
    pacer = Pacer()
    await pacer.wait(0.0)

    pacer.pause(0.1)
    started = time.monotonic()
    await pacer.wait(0.0)

    assert time.monotonic() - started >= 0.099
