"""The analysis engine end to end, against the Wikimedia simulator."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from microtask import analysis
from microtask.cache import open_cache
from microtask.models import ArticleReport
from microtask.titles import parse_titles
from microtask.wikimedia.errors import ServiceUnavailable, UnknownWiki
from tests.simulator import FaultPlan, Simulator

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

MIXED_LIST = """\
Cat
felis_catus
Housecat
https://en.m.wikipedia.org/wiki/Jungle_cat
Borneo bay cat
No such article about cats
Cat[1]
List of cat breeds
Cat
"""


def synthetic(count: int) -> str:
    return "\n".join(f"Synthetic article {n:04d}" for n in range(1, count + 1))


async def run(
    sim: Simulator, text: str, lang: str = "en", **kwargs: object
) -> list[ArticleReport]:
    settings = kwargs.pop("settings", None) or sim.settings
    return await analysis.analyze(
        lang,
        parse_titles(text),
        settings=settings,  # type: ignore[arg-type]
        now=NOW,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def pinned(simulator: Simulator) -> Simulator:
    simulator.config.now = NOW
    return simulator


async def test_that_every_title_gets_one_report_in_input_order(
    pinned: Simulator,
) -> None:
    reports = await run(pinned, MIXED_LIST)

    assert [r.input_title for r in reports] == [
        "Cat",
        "Felis catus",
        "Housecat",
        "Jungle cat",
        "Borneo bay cat",
        "No such article about cats",
        "Cat[1]",
        "List of cat breeds",
    ]
    by_input = {r.input_title: r for r in reports}
    assert by_input["Cat"].duplicates_removed == 1
    assert by_input["Felis catus"].redirected_from == "Felis catus"
    assert by_input["Felis catus"].title == "Cat"
    assert by_input["Housecat"].title == "Cat"  # a double redirect
    assert by_input["No such article about cats"].status == "missing"
    assert by_input["Cat[1]"].status == "invalid"
    assert by_input["Cat[1]"].invalid_reason


async def test_that_page_facts_quality_topics_and_countries_are_joined(
    pinned: Simulator,
) -> None:
    reports = await run(pinned, "Cat\nIberian lynx")

    cat, lynx = reports
    assert cat.exists and cat.page_id == 6678 and cat.rev_id == 1290468237
    assert cat.url == "https://en.wikipedia.org/wiki/Cat"
    assert cat.days_since_edit == 2
    assert cat.language_editions == 276
    assert cat.wikidata_item == "Q146"
    assert cat.pageviews is not None and cat.pageviews > 100_000
    assert cat.quality_class == "FA"
    assert cat.quality_score == pytest.approx(0.98258, abs=1e-5)
    assert cat.features["categories"].raw == 7
    assert cat.tasks == ("categories",)
    assert {t.label for t in cat.topics} == {"STEM.Biology", "STEM.STEM*"}
    assert all(t.score >= 0.5 for t in cat.topics)
    assert [c.name for c in lynx.countries] == ["Spain", "Portugal"]
    assert cat.errors == () and lynx.errors == ()


@pytest.mark.parametrize(
    ("title", "task"),
    [
        pytest.param("Jungle cat", "maintenance", id="maintenance-banner"),
        pytest.param("Borneo bay cat", "expand", id="stub"),
        pytest.param("Borneo bay cat", "infobox", id="no-infobox"),
        pytest.param("Cat gap", "categories", id="no-categories"),
        pytest.param("Cat gap", "media", id="no-images"),
    ],
)
async def test_that_weak_features_become_tasks(
    pinned: Simulator, title: str, task: str
) -> None:
    (report,) = await run(pinned, title)

    assert task in report.tasks


async def test_that_a_failed_source_marks_the_row_and_keeps_the_rest(
    pinned: Simulator,
) -> None:
    (report,) = await run(pinned, "List of cat breeds")

    assert report.exists and report.pageviews is not None
    assert report.topics
    assert report.quality_score is None and report.tasks == ()
    assert [e.source for e in report.errors] == ["quality"]


async def test_that_liftwing_faults_for_one_title_touch_only_its_row(
    pinned: Simulator,
) -> None:
    pinned.config.faults = FaultPlan().fail_title("liftwing", "Tiger", "5xx")

    reports = await run(pinned, "Cat\nTiger\nLion")

    by_title = {r.title: r for r in reports}
    assert [e.source for e in by_title["Tiger"].errors] == [
        "quality",
        "topics",
        "countries",
    ]
    assert by_title["Tiger"].pageviews is not None
    assert by_title["Tiger"].language_editions == 231
    assert by_title["Cat"].errors == () and by_title["Lion"].errors == ()


async def test_that_titles_go_in_batches_of_at_most_fifty(
    pinned: Simulator,
) -> None:
    reports = await run(pinned, synthetic(120))

    assert len(reports) == 120 and all(r.exists for r in reports)
    metadata = [
        r
        for r in pinned.recorder.requests("mediawiki")
        if "info" in r.params.get("prop", "") and "continue" not in r.params
    ]
    assert sorted(len(r.titles) for r in metadata) == [10, 10, 50, 50]
    assert all(r.pageviews is not None for r in reports)


async def test_that_requests_follow_wikimedia_etiquette(pinned: Simulator) -> None:
    pinned.config.latency = 0.02
    pinned.config.enforce_limits = True
    pinned.config.liftwing_rate = 100
    settings = pinned.make_settings(liftwing_rate=100.0)

    await run(pinned, synthetic(100), settings=settings)

    records = pinned.recorder.requests()
    assert {r.user_agent for r in records} == {settings.user_agent}
    assert "microtask-tests" in settings.user_agent
    assert pinned.recorder.peak_concurrency("en") <= 3
    assert pinned.recorder.throttled == 0
    assert all("gzip" in r.headers.get("Accept-Encoding", "") for r in records)
    starts = sorted(r.t_start for r in pinned.recorder.requests("liftwing"))
    busiest = max(
        sum(1 for t in starts[i:] if t < start + 1.0) for i, start in enumerate(starts)
    )
    assert busiest <= 100


async def test_that_a_warm_rerun_only_asks_for_current_revisions(
    pinned: Simulator,
) -> None:
    cache = open_cache("memory://")
    await run(pinned, synthetic(60), cache=cache)
    pinned.recorder.clear()

    reports = await run(pinned, synthetic(60), cache=cache)

    assert pinned.recorder.counts() == {"mediawiki": 2, "pageviews": 0, "liftwing": 0}
    assert all(r.quality_class and not r.errors for r in reports)


async def test_that_an_article_edited_since_is_rescored(pinned: Simulator) -> None:
    cache = open_cache("memory://")
    await run(pinned, "Cat\nTiger", cache=cache)
    wiki = pinned.corpus.wiki("en")
    assert wiki is not None
    tiger = wiki.pages["Tiger"]
    wiki.add(replace(tiger, revid=tiger.revid + 7))
    pinned.recorder.clear()

    reports = await run(pinned, "Cat\nTiger", cache=cache)

    scored = [r.json for r in pinned.recorder.requests("liftwing", "articlequality")]
    assert scored == [
        {"rev_id": tiger.revid + 7, "lang": "en", "extended_output": "true"}
    ]
    assert reports[1].rev_id == tiger.revid + 7 and reports[1].quality_class


async def test_that_rows_are_reported_as_they_complete(pinned: Simulator) -> None:
    seen: list[int] = []

    reports = await run(pinned, synthetic(30), on_report=lambda i, r: seen.append(i))

    assert sorted(seen) == list(range(30))
    assert len(reports) == 30


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        pytest.param("es", "Jaguar\nGato\nLince_ibérico", id="spanish"),
        pytest.param("ar", "هر\nأسد", id="arabic-rtl"),
        pytest.param("ja", "猫\nユキヒョウ", id="japanese"),
    ],
)
async def test_that_other_languages_and_scripts_work(
    pinned: Simulator, lang: str, titles: str
) -> None:
    reports = await run(pinned, titles, lang=lang)

    assert all(r.exists and r.quality_class for r in reports)
    assert all(
        r.url and r.url.startswith(f"https://{lang}.wikipedia.org/") for r in reports
    )
    assert reports[0].redirected_from or lang == "ja" or reports[0].title


async def test_that_an_unknown_wiki_stops_the_run(simulator: Simulator) -> None:
    with pytest.raises(UnknownWiki):
        await run(simulator, "Cat", lang="xx")


async def test_that_an_unreachable_wiki_stops_the_run(simulator: Simulator) -> None:
    settings = simulator.make_settings(
        mediawiki_url="http://127.0.0.1:9/{lang}/w/api.php", retries=1
    )

    with pytest.raises(ServiceUnavailable):
        await run(simulator, "Cat", settings=settings)


async def test_that_category_members_follow_continuation(
    simulator: Simulator,
) -> None:
    titles = await analysis.category_titles(
        "en", "Category:Synthetic test articles", 700, settings=simulator.settings
    )

    assert len(titles) == 700 == len(set(titles))
    assert all(t.startswith("Synthetic article") for t in titles)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Felines", 20, id="limit"),
        pytest.param("Extinct felids of Antarctica", 0, id="empty"),
    ],
)
async def test_that_category_mode_lists_articles(
    simulator: Simulator, name: str, expected: int
) -> None:
    titles = await analysis.category_titles("en", name, 20, settings=simulator.settings)

    assert len(titles) == expected


async def test_that_a_missing_category_is_reported(simulator: Simulator) -> None:
    with pytest.raises(analysis.CategoryNotFound, match="does not exist"):
        await analysis.category_titles(
            "en", "No such category", 20, settings=simulator.settings
        )


async def test_that_autocomplete_offers_categories_with_counts(
    simulator: Simulator,
) -> None:
    matches = await analysis.search_categories("en", "fel", settings=simulator.settings)

    names = {m.title: m.pages for m in matches}
    assert names["Felines"] == 24
    assert "Felids" in names
