"""Throughput benchmark: 1000 articles against the simulator at Wikimedia's limits.

    .venv/bin/python -m benchmarks.throughput [--articles 1000] [--latency 0.1]
        [--jitter 0.05] [--baseline-articles N] [--lang en]

The simulator runs in a child process with realistic latency and the real limits
enforced (it answers 429 beyond 3 concurrent requests per wiki and 15 LiftWing
calls/s), so that this process's peak memory is the client's alone. One run prints:
cold time, the floor the limits imply and their ratio, requests per channel against
the minimum the APIs allow, peak concurrency per wiki, 429s, time to the first rows,
warm re-run time, peak memory; and the same for a plain baseline (one article at a
time, one source after another) measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from microtask import analysis
from microtask.cache import open_cache
from microtask.config import Settings
from microtask.models import ArticleReport
from microtask.titles import InputTitle, parse_titles
from microtask.wikimedia.errors import WikimediaError
from microtask.wikimedia.http import WikimediaHttp
from microtask.wikimedia.liftwing import LiftWingClient
from microtask.wikimedia.mediawiki import BATCH_SIZE, MediaWikiClient

# PageViewInfo answers page views for about 5 uncached titles per call
# (shared/docs/wikimedia.md); the simulator does the same.
PAGEVIEWS_PER_CALL = 5
LIFTWING_MODELS = 3


@dataclass
class Phase:
    """What one pass over the list measured."""

    name: str
    seconds: float = 0.0
    first_row: float | None = None
    tenth_row: float | None = None
    reports: int = 0
    failed_rows: int = 0
    client: dict[str, int] = field(default_factory=dict)
    server: dict[str, object] = field(default_factory=dict)


@contextmanager
def simulator(args: argparse.Namespace) -> Iterator[dict[str, str]]:
    """Start `python -m tests.simulator` on a free port; yield its environment."""
    command = [
        sys.executable, "-m", "tests.simulator", "--port", "0",
        "--latency", str(args.latency), "--jitter", str(args.jitter),
        "--enforce-limits", "--seed", str(args.seed),
        "--synthetic", str(max(args.articles, args.baseline_articles)),
    ]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        env: dict[str, str] = {}
        assert child.stdout is not None
        while len(env) < 3:
            line = child.stdout.readline()
            if not line:
                raise SystemExit("the simulator did not start")
            name, _, value = line.strip().partition("=")
            env[name] = value
        yield env
    finally:
        child.terminate()
        child.wait(timeout=10)


def simulator_stats(env: dict[str, str], reset: bool = False) -> dict[str, object]:
    base = env["MICROTASK_PAGEVIEWS_URL"].rsplit("/pageviews", 1)[0]
    url = f"{base}/_simulator/{'reset' if reset else 'stats'}"
    request = urllib.request.Request(url, method="POST" if reset else "GET")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


async def engine_pass(
    name: str, titles: list[InputTitle], settings: Settings, cache_url: str
) -> Phase:
    phase = Phase(name)
    started = time.monotonic()

    def on_report(index: int, report: ArticleReport) -> None:
        phase.reports += 1
        elapsed = time.monotonic() - started
        if phase.reports == 1:
            phase.first_row = elapsed
        if phase.reports == 10:
            phase.tenth_row = elapsed

    cache = open_cache(cache_url)
    try:
        async with WikimediaHttp(settings) as http:
            reports = await analysis.analyze(
                "en", titles, settings=settings, cache=cache, on_report=on_report,
                http=http,
            )  # fmt: skip
            phase.client = _client_counts(http)
    finally:
        await cache.close()
    phase.seconds = time.monotonic() - started
    phase.failed_rows = sum(1 for r in reports if r.errors)
    return phase


async def baseline_pass(titles: list[InputTitle], settings: Settings) -> Phase:
    """The plain way: one article at a time, one source after another."""
    phase = Phase("baseline")
    started = time.monotonic()
    async with WikimediaHttp(settings) as http:
        mediawiki = MediaWikiClient(http, settings, "en")
        liftwing = LiftWingClient(http, settings)
        for item in titles:
            try:
                facts = (await mediawiki.page_facts([item.title], pageviews=True))[
                    item.title
                ]
                if facts.exists and facts.rev_id is not None:
                    await liftwing.quality("en", facts.rev_id)
                    await liftwing.topics("en", facts.title)
                    await liftwing.countries("en", facts.title)
            except WikimediaError:
                phase.failed_rows += 1
            phase.reports += 1
            if phase.reports == 1:
                phase.first_row = time.monotonic() - started
            if phase.reports == 10:
                phase.tenth_row = time.monotonic() - started
        phase.client = _client_counts(http)
    phase.seconds = time.monotonic() - started
    return phase


def _client_counts(http: WikimediaHttp) -> dict[str, int]:
    stats = http.stats
    counts = {f"requests.{k}": v for k, v in sorted(stats.requests.items())}
    counts["retries"] = sum(stats.retries.values())
    counts["429 received"] = sum(stats.throttled.values())
    counts["peak in flight (one wiki)"] = max(
        (v for k, v in stats.peak_in_flight.items() if k not in ("liftwing",)),
        default=0,
    )
    return counts


def minimum_requests(articles: int) -> dict[str, int]:
    """The fewest requests the APIs allow for `articles` existing articles."""
    batches = [
        min(BATCH_SIZE, articles - start) for start in range(0, articles, BATCH_SIZE)
    ]
    mediawiki = sum(math.ceil(b / PAGEVIEWS_PER_CALL) for b in batches)
    return {"mediawiki": mediawiki, "liftwing": LIFTWING_MODELS * articles}


def report(args: argparse.Namespace, phases: list[Phase], rate: float) -> str:
    cold, warm = phases[0], phases[1]
    floor = LIFTWING_MODELS * args.articles / rate
    minimum = minimum_requests(args.articles)
    sent = {
        "mediawiki": cold.client.get("requests.mediawiki", 0),
        "liftwing": cold.client.get("requests.liftwing", 0),
    }
    lines = [
        f"articles: {args.articles} (en, synthetic), latency "
        f"{args.latency * 1000:.0f} ms ± {args.jitter * 1000:.0f} ms, limits enforced",
        f"floor (LiftWing {LIFTWING_MODELS}×{args.articles} at {rate:g}/s): "
        f"{floor:.1f} s",
        f"cold: {cold.seconds:.1f} s = {cold.seconds / floor:.3f} × floor; "
        f"first row {cold.first_row or 0:.2f} s, tenth row {cold.tenth_row or 0:.2f} s",
        f"requests: mediawiki {sent['mediawiki']} (minimum {minimum['mediawiki']}), "
        f"liftwing {sent['liftwing']} (minimum {minimum['liftwing']}); total ratio "
        f"{sum(sent.values()) / sum(minimum.values()):.3f}",
        f"client: {_fmt(cold.client)}",
        f"server: {_fmt(cold.server)}",
        f"warm re-run: {warm.seconds:.2f} s, client: {_fmt(warm.client)}",
        f"rows with a failed source: cold {cold.failed_rows}, warm {warm.failed_rows}",
        f"peak memory (RSS, this process): {_peak_rss_mb():.0f} MB",
    ]
    if len(phases) > 2:
        base = phases[2]
        scale = args.articles / max(1, base.reports)
        lines += [
            f"baseline ({base.reports} articles, one at a time): {base.seconds:.1f} s"
            + (
                f", scaled to {args.articles}: {base.seconds * scale:.1f} s"
                if scale != 1
                else ""
            )  # fmt: skip
            + f"; first row {base.first_row or 0:.2f} s",
            f"baseline client: {_fmt(base.client)}",
            f"baseline server: {_fmt(base.server)}",
            f"speed-up cold vs baseline: {base.seconds * scale / cold.seconds:.2f}×",
        ]
    return "\n".join(lines)


def _fmt(counts: dict[str, object]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "-"


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(args: argparse.Namespace) -> str:
    with simulator(args) as env, tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env(
            {**os.environ, **env}, contact="microtask benchmark", maxlag=5
        )
        cache_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        titles = parse_titles(
            "\n".join(f"Synthetic article {n:04d}" for n in range(1, args.articles + 1))
        )
        phases = []
        for name in ("cold", "warm"):
            simulator_stats(env, reset=True)
            phase = await engine_pass(name, titles, settings, cache_url)
            phase.server = simulator_stats(env)
            phases.append(phase)
            print(f"# {name}: {phase.seconds:.1f} s", file=sys.stderr)
        if args.baseline_articles:
            simulator_stats(env, reset=True)
            phase = await baseline_pass(titles[: args.baseline_articles], settings)
            phase.server = simulator_stats(env)
            phases.append(phase)
        return report(args, phases, settings.liftwing_limit)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--jitter", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline-articles",
        type=int,
        default=1000,
        help="articles for the one-at-a-time baseline (0 skips it)",
    )
    args = parser.parse_args()
    print(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
