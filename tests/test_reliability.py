"""Faults from Wikimedia: retried, recovered or reported, and no title ever lost.

Every fault comes from the simulator's seeded fault plan, so each test sees the
same faults on every run.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from microtask import analysis
from microtask.cache import QUALITY, open_cache, quality_key
from microtask.models import ArticleReport
from microtask.titles import parse_titles
from tests.simulator import FaultKind, FaultPlan, Simulator
from tests.simulator.wiki import Category, Member, sortkey_of

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

TITLES = "\n".join(
    [
        "Cat",
        "Felis catus",
        "Jungle cat",
        "Borneo bay cat",
        "No such article about cats",
        "Cat[1]",
        *(f"Synthetic article {n:04d}" for n in range(1, 25)),
    ]
)


@pytest.fixture
def pinned(simulator: Simulator) -> Simulator:
    simulator.config.now = NOW
    return simulator


async def run(
    sim: Simulator, text: str = TITLES, **kwargs: object
) -> list[ArticleReport]:
    settings = kwargs.pop("settings", None) or sim.settings
    return await analysis.analyze(
        "en",
        parse_titles(text),
        settings=settings,  # type: ignore[arg-type]
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


def rows(reports: list[ArticleReport]) -> list[dict[str, object]]:
    return [r.to_dict() for r in reports]


@pytest.mark.parametrize("kind", list(FaultKind), ids=str)
async def test_that_each_fault_kind_is_retried_until_the_data_is_whole(
    pinned: Simulator, kind: FaultKind
) -> None:
    clean = await run(pinned)
    pinned.config.faults = FaultPlan(rate=0.3, kinds=(kind,), seed=7, hang_seconds=1)
    pinned.config.retry_after = 0  # keep 429 and maxlag waits short
    settings = pinned.make_settings(timeout=0.3, retries=8, maxlag=5)

    faulty = await run(pinned, settings=settings)

    injected = [f for f in pinned.recorder.faults if f.kind == kind]
    if kind != FaultKind.MAXLAG:
        assert injected, "the plan injected no fault of this kind"
    else:
        assert any(r.params.get("maxlag") == "5" for r in pinned.recorder.records)
    assert rows(faulty) == rows(clean)


@pytest.mark.parametrize(
    "kind",
    [k for k in FaultKind if k not in (FaultKind.MAXLAG, FaultKind.TIMEOUT)],
    ids=str,
)
async def test_that_liftwing_giving_up_keeps_every_row_with_its_other_data(
    pinned: Simulator, kind: FaultKind
) -> None:
    pinned.config.faults = FaultPlan(rate=1.0, kinds=(kind,), services=("liftwing",))
    pinned.config.retry_after = 0
    settings = pinned.make_settings(retries=1)

    reports = await run(pinned, settings=settings)

    assert len(reports) == len(parse_titles(TITLES))
    pages = [r for r in reports if r.exists]
    assert len(pages) == len(reports) - 2
    for report in pages:
        assert report.pageviews is not None and report.rev_id is not None
        assert [e.source for e in report.errors] == ["quality", "topics", "countries"]
        assert all(e.message for e in report.errors)


async def test_that_a_failed_batch_marks_its_rows_and_spares_the_others(
    pinned: Simulator,
) -> None:
    text = "\n".join(f"Synthetic article {n:04d}" for n in range(1, 121))
    plan = FaultPlan().fail_title("mediawiki", "Synthetic article 0100", "5xx")
    pinned.config.faults = plan

    reports = await run(pinned, text, settings=pinned.make_settings(retries=1))

    assert [r.input_title for r in reports] == [t.title for t in parse_titles(text)]
    broken = [r for r in reports if r.status == "error"]
    assert [r.input_title for r in broken] == [
        f"Synthetic article {n:04d}" for n in range(61, 111)
    ]
    assert all(r.errors[0].source == "mediawiki" for r in broken)
    assert all(r.quality_class for r in reports if r.status == "ok")


async def test_that_page_views_failing_alone_keep_the_page_facts(
    pinned: Simulator,
) -> None:
    # Fail only continuation calls: those carry nothing but page views.
    pinned.config.faults = FaultPlan(
        rate=1.0, kinds=(FaultKind.SERVER_ERROR,), services=("mediawiki",)
    )
    original = pinned.config.faults.decide

    def only_continuations(call):  # type: ignore[no-untyped-def]
        return original(call) if "pvipcontinue" in call.fingerprint else None

    pinned.config.faults.decide = only_continuations  # type: ignore[method-assign]

    reports = await run(pinned, settings=pinned.make_settings(retries=1))

    pages = [r for r in reports if r.exists]
    assert pages and all(r.rev_id and r.quality_class for r in pages)
    assert all(
        [e.source for e in r.errors] == ["pageviews"] and r.pageviews is None
        for r in pages
    )


async def test_that_retry_failed_fetches_only_what_failed(
    pinned: Simulator,
) -> None:
    cache = open_cache("memory://")
    pinned.config.faults = FaultPlan().fail_title("liftwing", "Jungle cat", "5xx")
    first = await run(pinned, cache=cache, settings=pinned.make_settings(retries=0))
    assert [r.title for r in first if r.errors] == ["Jungle cat"]
    pinned.config.faults = FaultPlan()
    pinned.recorder.clear()

    retried = await analysis.retry_failed(
        "en", first, settings=pinned.settings, cache=cache, now=NOW
    )

    jungle_cat = next(r for r in first if r.title == "Jungle cat")
    assert [r.json for r in pinned.recorder.requests("liftwing")] == [
        {"rev_id": jungle_cat.rev_id, "lang": "en", "extended_output": "true"},
        {"page_title": "Jungle cat", "lang": "en", "threshold": 0.5},
        {"title": "Jungle cat", "lang": "en"},
    ]
    assert pinned.recorder.count("mediawiki") == 1
    assert not any(r.errors for r in retried)
    assert [r.input_title for r in retried] == [r.input_title for r in first]
    clean = await run(pinned, cache=open_cache("memory://"))
    assert rows(retried) == rows(clean)


class StopRun(Exception):
    """What Streamlit raises in a script thread when the user starts a new run."""


async def test_that_a_run_stopped_midway_leaves_only_whole_cache_entries(
    pinned: Simulator, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    text = "\n".join(f"Synthetic article {n:04d}" for n in range(1, 81))
    pinned.config.latency = 0.005

    def stop_after_ten(index: int, report: ArticleReport) -> None:
        if index >= 10:
            raise StopRun

    with pytest.raises(StopRun):
        await run(pinned, text, cache=open_cache(url), on_report=stop_after_ten)
    await asyncio.sleep(0)

    cache = open_cache(url)
    keys = [quality_key("en", 1_900_000_000 + n * 10) for n in range(1, 81)]
    stored = await cache.get_many(QUALITY, keys)
    assert 10 <= len(stored) < 80
    assert all(
        set(v) == {"rev_id", "score", "label", "features"} for v in stored.values()
    )
    assert all(len(v["features"]) == 9 for v in stored.values())
    resumed = await run(pinned, text, cache=cache)
    fresh = await run(pinned, text, cache=open_cache("memory://"))
    assert rows(resumed) == rows(fresh)


async def test_that_a_huge_category_respects_the_limit_quickly(
    simulator: Simulator,
) -> None:
    wiki = simulator.corpus.wiki("en")
    assert wiki is not None
    members = tuple(
        Member(f"Huge page {n:06d}", 0, 5_000_000 + n, sortkey_of(f"Huge page {n:06d}"))
        for n in range(100_000)
    )
    wiki.add_category(Category("Category:Huge", 4_999_999, members))

    titles = await analysis.category_titles(
        "en", "Huge", 1200, settings=simulator.settings
    )

    assert len(titles) == 1200 == len(set(titles))
    listings = [
        r
        for r in simulator.recorder.requests("mediawiki")
        if r.params.get("list") == "categorymembers"
    ]
    assert len(listings) == 3  # 500 + 500 + 200: never more than asked for


HOSTILE = [
    "Cat#Anatomy",
    "Cat<script>",
    "[[Cat]]",
    "Cat|Dog",
    "{{Cat}}",
    "Cat\x07bell",
    "X" * 400,
    "😺 Cat emoji",
    "قط",
    "ネコ",
    '=HYPERLINK("http://example.org")',
    "Cat" + "\u200f",
]


async def test_that_hostile_titles_each_get_a_row_and_nothing_breaks(
    pinned: Simulator,
) -> None:
    text = "\n".join(HOSTILE)

    reports = await run(pinned, text)

    titles = parse_titles(text)
    assert [r.input_title for r in reports] == [t.title for t in titles]
    by_input = {r.input_title: r for r in reports}
    for forbidden in ("Cat<script>", "[[Cat]]", "Cat|Dog", "{{Cat}}"):
        assert by_input[forbidden].status == "invalid", forbidden
    assert by_input["X" * 400].status == "invalid"  # over 255 bytes
    assert by_input["Cat#Anatomy"].title == "Cat"
    assert all(r.status in ("ok", "missing", "invalid") for r in reports)
    assert not any(r.errors for r in reports if r.status != "invalid")


async def test_that_a_failed_first_batch_does_not_stop_a_reachable_wiki(
    pinned: Simulator,
) -> None:
    # Two attempts with page views, two without: the first batch gives up.
    pinned.config.faults = FaultPlan().fail_first("mediawiki", 4, "5xx")
    text = "\n".join(f"Synthetic article {n:04d}" for n in range(1, 31))

    reports = await run(pinned, text, settings=pinned.make_settings(retries=1))

    assert len(reports) == 30
    assert [r.status for r in reports[:10]] == ["error"] * 10
    assert all(r.status == "ok" and r.quality_class for r in reports[10:])


async def test_that_damaged_cache_entries_are_misses(pinned: Simulator) -> None:
    cache = open_cache("memory://")
    clean = await run(pinned, "Cat\nTiger", cache=cache)
    cat = clean[0]
    await cache.set_many(
        QUALITY, {quality_key("en", cat.rev_id or 0): {"score": 1}}, None
    )
    await cache.set_many("topics", {"en:Cat": [{"label": 3}]}, None)
    await cache.set_many("pageviews", {"en:Tiger": "many"}, None)
    pinned.recorder.clear()

    again = await run(pinned, "Cat\nTiger", cache=cache)

    assert rows(again) == rows(clean)
    assert pinned.recorder.count("liftwing") == 2  # Cat's quality and topics


async def test_that_a_missing_title_does_not_defeat_the_page_views_cache(
    pinned: Simulator,
) -> None:
    cache = open_cache("memory://")
    await run(pinned, "Cat\nNo such article about cats", cache=cache)
    pinned.recorder.clear()

    await run(pinned, "Cat\nNo such article about cats", cache=cache)

    (request,) = pinned.recorder.requests("mediawiki")
    assert "pageviews" not in request.params["prop"]
