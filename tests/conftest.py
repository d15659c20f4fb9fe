"""Fixtures shared by the whole test suite.

The Wikimedia simulator (tests/simulator) runs on 127.0.0.1 with a free port:
- `simulator`: in the test's event loop, for async tests;
- `simulator_thread`: in a thread of its own, for synchronous code such as
  Streamlit's AppTest and browser tests.

Both yield a `Simulator` handle: `.settings` (microtask Settings pointing at the
simulator; contact "microtask-tests", backoff 0.01 s, timeout 2 s), `.env` (the
three MICROTASK_* URL variables), `.recorder`, `.config` (change latency,
limits and faults while it runs) and `.corpus`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.simulator import Simulator, SimulatorThread, running_simulator


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    async with running_simulator() as sim:
        yield sim


@pytest.fixture
def simulator_thread() -> Iterator[Simulator]:
    with SimulatorThread() as sim:
        yield sim
