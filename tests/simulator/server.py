"""Running the simulator: in the current event loop, or in a thread of its own.

    async with running_simulator() as sim:      # async tests
        ... sim.settings, sim.env, sim.recorder, sim.config, sim.corpus

    with SimulatorThread() as sim:              # Streamlit AppTest, browser tests
        ...

Both bind 127.0.0.1 on a free port unless told otherwise.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import TracebackType

from aiohttp import web

from microtask.config import Settings
from tests.simulator.app import Simulation, build_app
from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import Corpus, build_corpus
from tests.simulator.recording import Recorder

# Hung requests (the timeout fault) must not hold up the end of a test.
SHUTDOWN_TIMEOUT = 0.5


@dataclass
class Simulator:
    """A running simulator: where it listens and what it holds."""

    url: str  # http://127.0.0.1:PORT, no trailing slash
    simulation: Simulation

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def config(self) -> SimulatorConfig:
        return self.simulation.config

    @property
    def recorder(self) -> Recorder:
        return self.simulation.recorder

    @property
    def corpus(self) -> Corpus:
        return self.simulation.corpus

    @property
    def env(self) -> dict[str, str]:
        """The three MICROTASK_* variables that point the project at us."""
        return {
            "MICROTASK_MEDIAWIKI_URL": f"{self.url}/{{lang}}/w/api.php",
            "MICROTASK_PAGEVIEWS_URL": f"{self.url}/pageviews",
            "MICROTASK_LIFTWING_URL": f"{self.url}/liftwing/v1/models",
        }

    @property
    def test_env(self) -> dict[str, str]:
        """`env` for tests: a test contact and no wait for LiftWing's rate.

        The simulator enforces no limit unless `config.enforce_limits` is set, so
        tests need not wait out 15 requests/s; tests of the limits set it.
        """
        return {
            **self.env,
            "MICROTASK_CONTACT": "microtask-tests",
            "MICROTASK_LIFTWING_RATE": str(TEST_LIFTWING_RATE),
        }

    @property
    def settings(self) -> Settings:
        """Settings for tests: our URLs, a test contact, quick retries."""
        return self.make_settings()

    def make_settings(self, **overrides: object) -> Settings:
        """Like `settings`, with any field changed."""
        values: dict[str, object] = {
            "contact": "microtask-tests",
            "backoff": 0.01,
            "timeout": 2.0,
            "liftwing_rate": TEST_LIFTWING_RATE,
        }
        values.update(overrides)
        return Settings.from_env(self.env, **values)


# LiftWing requests/s for tests that do not test the limit itself.
TEST_LIFTWING_RATE = 500.0


@asynccontextmanager
async def running_simulator(
    config: SimulatorConfig | None = None,
    corpus: Corpus | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
) -> AsyncIterator[Simulator]:
    """Serve the simulator in the running event loop until the block ends."""
    simulation = Simulation(corpus or build_corpus(), config or SimulatorConfig())
    runner = web.AppRunner(
        build_app(simulation),
        access_log=None,
        handler_cancellation=True,
        shutdown_timeout=SHUTDOWN_TIMEOUT,
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_port = runner.addresses[0][1]
        yield Simulator(f"http://{host}:{bound_port}", simulation)
    finally:
        await runner.cleanup()


class SimulatorThread:
    """The simulator in a background thread with its own event loop.

    For synchronous code (Streamlit's AppTest, Playwright). The recorder and
    the config are shared with the server thread: read and change them freely.
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        corpus: Corpus | None = None,
        port: int = 0,
    ) -> None:
        self._config = config
        self._corpus = corpus
        self._port = port
        self._ready = threading.Event()
        self._simulator: Simulator | None = None
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="simulator", daemon=True)

    def start(self) -> Simulator:
        """Start serving; returns once the port is bound."""
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise RuntimeError("The simulator could not start.") from self._error
        assert self._simulator is not None
        return self._simulator

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._error is None and self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported to start(), not lost in a thread
            self._error = error
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        async with running_simulator(
            self._config, self._corpus, port=self._port
        ) as simulator:
            self._simulator = simulator
            self._ready.set()
            await self._stop.wait()
