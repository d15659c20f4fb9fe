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

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from hypothesis import settings

from tests.simulator import Simulator, SimulatorThread, running_simulator

# Hypothesis: 200 examples per property in every run; HYPOTHESIS_PROFILE=fuzz for a
# long fuzzing session (`HYPOTHESIS_PROFILE=fuzz bash scripts/test.sh -k read_back`).
settings.register_profile("default", max_examples=200)
settings.register_profile("fuzz", max_examples=5_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    async with running_simulator() as sim:
        yield sim


@pytest.fixture
def simulator_thread() -> Iterator[Simulator]:
    with SimulatorThread() as sim:
        yield sim
