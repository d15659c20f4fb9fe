"""Fault benchmark: 1000 articles with a share of all calls failing at random.

    .venv/bin/python -m benchmarks.faults [--articles 1000] [--rate 0.1]
        [--retries 4] [--seed 1]

Runs the list once against a well-behaved simulator and once with the seeded
fault plan (timeouts, resets, 429, 5xx, maxlag, malformed JSON, missing fields,
in equal shares), then prints: faults injected by kind, retries, requests given
up, faults recovered, sources reported as failed, and whether every title is
present and every source that did not report a failure equals the clean run.
Limits and latency are off here: this measures correctness, not speed.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from datetime import UTC, datetime

from microtask import analysis
from microtask.cache import open_cache
from microtask.models import ArticleReport
from microtask.titles import parse_titles
from microtask.wikimedia.http import WikimediaHttp
from tests.simulator import FaultPlan, running_simulator
from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import build_corpus

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)

# Which report fields each source fills: a source without a reported error must
# give the same values as in the clean run.
FIELDS = {
    "mediawiki": ("title", "exists", "page_id", "rev_id", "last_edit",
                  "language_editions", "wikidata_item", "redirected_from"),
    "pageviews": ("pageviews",),
    "quality": ("quality_score", "quality_class", "features", "tasks"),
    "topics": ("topics",),
    "countries": ("countries",),
}  # fmt: skip


def compare(clean: list[ArticleReport], faulty: list[ArticleReport]) -> Counter[str]:
    """Count, per source, rows that equal the clean run and rows that differ."""
    outcome: Counter[str] = Counter()
    for good, seen in zip(clean, faulty, strict=True):
        failed = {e.source for e in seen.errors}
        if "mediawiki" in failed:
            failed = set(FIELDS)  # without page facts nothing else is fetched
        good_row, seen_row = good.to_dict(), seen.to_dict()
        for source, fields in FIELDS.items():
            if source in failed:
                outcome["reported"] += 1
            elif all(good_row[f] == seen_row[f] for f in fields):
                outcome["correct"] += 1
            else:
                outcome["WRONG"] += 1
    return outcome


async def run(args: argparse.Namespace) -> str:
    config = SimulatorConfig(now=NOW)
    corpus = build_corpus(synthetic_count=args.articles, seed=args.seed)
    text = "\n".join(f"Synthetic article {n:04d}" for n in range(1, args.articles + 1))
    titles = parse_titles(text)

    async with running_simulator(config, corpus) as sim:
        settings = sim.make_settings(
            retries=args.retries, backoff=0.01, timeout=0.5, maxlag=5
        )
        async with WikimediaHttp(settings) as http:
            clean = await analysis.analyze(
                "en", titles, settings=settings, cache=open_cache("memory://"),
                now=NOW, http=http,
            )  # fmt: skip

        sim.recorder.reset()
        sim.config.retry_after = 0
        sim.config.faults = FaultPlan(rate=args.rate, seed=args.seed, hang_seconds=1)
        started = time.monotonic()
        async with WikimediaHttp(settings) as http:
            faulty = await analysis.analyze(
                "en", titles, settings=settings, cache=open_cache("memory://"),
                now=NOW, http=http,
            )  # fmt: skip
            stats = http.stats
        seconds = time.monotonic() - started

        injected = Counter(str(f.kind) for f in sim.recorder.faults)
        requests = sim.recorder.count()

    gave_up = sum(stats.gave_up.values())
    absorbed = gave_up * (args.retries + 1)  # every attempt of a given-up request
    outcome = compare(clean, faulty)
    present = [r.input_title for r in faulty] == [t.title for t in titles]
    return "\n".join(
        [
            f"articles: {args.articles}, fault rate {args.rate:.0%} of all calls, "
            f"seed {args.seed}, retries {args.retries}, {seconds:.1f} s",
            f"requests received by the simulator: {requests}",
            f"faults injected: {sum(injected.values())} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(injected.items()))})",
            f"retries: {sum(stats.retries.values())}; requests given up: {gave_up}",
            f"faults recovered by a retry: {sum(injected.values()) - absorbed}",
            f"rows with a reported failed source: {sum(1 for r in faulty if r.errors)}",
            f"sources per row: {outcome['correct']} equal to the clean run, "
            f"{outcome['reported']} reported failed, {outcome['WRONG']} wrong",
            f"every title present in input order: {present}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--retries", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    print(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
