"""Run the simulator standalone and print the environment to point the project at it.

    python -m tests.simulator --port 8765 --latency 0.1 --jitter 0.05 \\
        --enforce-limits --fault-rate 0.1 --seed 1 --synthetic 1000
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import UTC, datetime

from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import build_corpus
from tests.simulator.faults import FaultKind, FaultPlan
from tests.simulator.server import running_simulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator",
        description="Serve simulated Wikipedias, page views and LiftWing on 127.0.0.1.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="mean seconds")
    parser.add_argument("--jitter", type=float, default=0.0, help="± seconds")
    parser.add_argument(
        "--enforce-limits",
        action="store_true",
        help="429 beyond 3 concurrent requests per wiki and 15 LiftWing calls/s",
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share, 0..1")
    parser.add_argument(
        "--fault-kinds",
        default=",".join(FaultKind),
        help=f"comma-separated, among: {', '.join(FaultKind)}",
    )
    parser.add_argument(
        "--hang-seconds", type=float, default=30.0, help="timeout fault"
    )
    parser.add_argument("--seed", type=int, default=0, help="faults, latency, corpus")
    parser.add_argument(
        "--synthetic", type=int, default=1200, help="synthetic articles"
    )
    parser.add_argument("--now", help="fixed clock, ISO 8601 (default: wall clock)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> SimulatorConfig:
    faults = FaultPlan(
        rate=args.fault_rate,
        kinds=tuple(FaultKind(kind.strip()) for kind in args.fault_kinds.split(",")),
        seed=args.seed,
        hang_seconds=args.hang_seconds,
    )
    now = datetime.fromisoformat(args.now).replace(tzinfo=UTC) if args.now else None
    return SimulatorConfig(
        latency=args.latency,
        jitter=args.jitter,
        seed=args.seed,
        enforce_limits=args.enforce_limits,
        faults=faults,
        now=now,
    )


async def serve(args: argparse.Namespace) -> None:
    corpus = build_corpus(synthetic_count=args.synthetic, seed=args.seed)
    async with running_simulator(
        config_from(args), corpus, args.host, args.port
    ) as sim:
        for name, value in sim.env.items():
            print(f"{name}={value}", flush=True)
        print(f"# serving {', '.join(corpus.langs)}; Ctrl-C stops", file=sys.stderr)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
