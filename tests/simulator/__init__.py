"""A Wikimedia simulator for tests, the benchmark and the browser tests.

One aiohttp server on 127.0.0.1 speaks the real formats of the MediaWiki Action
API, the Pageviews REST API and LiftWing over a small fixture corpus (corpus.py)
plus any number of synthetic articles. It records every request, can enforce
the published limits, add latency and inject faults.

    async with running_simulator() as sim:
        settings = sim.settings          # a microtask Settings pointing at it
        sim.config.faults = FaultPlan(rate=0.1, seed=1)
        ...
        assert sim.recorder.peak_concurrency("en") <= 3

Standalone: `python -m tests.simulator --port 8765`.
"""

from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import Corpus, build_corpus
from tests.simulator.faults import FaultKind, FaultPlan
from tests.simulator.recording import InjectedFault, Recorder, RequestRecord
from tests.simulator.server import Simulator, SimulatorThread, running_simulator

__all__ = [
    "Corpus",
    "FaultKind",
    "FaultPlan",
    "InjectedFault",
    "Recorder",
    "RequestRecord",
    "Simulator",
    "SimulatorConfig",
    "SimulatorThread",
    "build_corpus",
    "running_simulator",
]
