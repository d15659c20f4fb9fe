"""The dashboard script, run headless with Streamlit's AppTest.

Two kinds of test: most replace the engine with `FakeEngine` (canned reports,
exact expectations); the last ones run the real engine against the Wikimedia
simulator on 127.0.0.1 (`simulator_thread`). Custom components (the grid, the
category searchbox) are not drawn by AppTest, so their values are put into
session state as the browser would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from microtask import analysis
from microtask.analysis import CategoryNotFound
from microtask.config import Settings
from microtask.models import ArticleReport, Country, Feature, SourceError, Topic
from microtask.titles import InputTitle
from microtask.ui import inputs, keys
from microtask.ui.state import Request
from microtask.ui.text import describe_error, md_escape
from microtask.wikimedia.errors import (
    ServiceUnavailable,
    UnknownWiki,
    WikimediaError,
)
from tests.simulator import FaultPlan, Simulator

CARD_ORDER = (
    "characters",
    "refs",
    "wikilinks",
    "headings",
    "media",
    "categories",
    "infobox",
    "messagebox",
)
APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 30

FEATURES = {
    "characters": Feature(4200, 0.62),
    "refs": Feature(3, 0.21),
    "wikilinks": Feature(40, 0.8),
    "categories": Feature(2, 0.4),
    "media": Feature(0, 0.0),
    "headings": Feature(5, 0.7),
    "sources": Feature(3, 0.6),
    "infobox": Feature(False, False),
    "messagebox": Feature(True, True),
}


def report(title: str, **fields: object) -> ArticleReport:
    values: dict[str, object] = {
        "input_title": title,
        "lang": "en",
        "title": title,
        "url": f"https://en.wikipedia.org/wiki/{title.replace(' ', '_')}",
        "exists": True,
        "days_since_edit": 12,
        "language_editions": 40,
        "pageviews": 1200,
        "quality_score": 0.41,
        "quality_class": "C",
        "features": FEATURES,
        "tasks": ("references", "media", "maintenance", "infobox"),
    }
    values.update(fields)
    return ArticleReport(**values)  # type: ignore[arg-type]


CANNED = {
    "Cat": report(
        "Cat",
        quality_score=0.98,
        quality_class="FA",
        tasks=("categories",),
        topics=(Topic("STEM.Biology", 0.98),),
    ),
    "Marie Curie": report(
        "Marie Curie",
        topics=(Topic("STEM.Physics", 0.9), Topic("Culture.Biography.Women", 0.8)),
        countries=(Country("Poland", 1.0), Country("France", 0.9)),
    ),
    "Lyon": report(
        "Lyon",
        tasks=("media",),
        countries=(Country("France", 1.0),),
        errors=(SourceError("topics", "LiftWing answered 503"),),
    ),
    "Catt": ArticleReport(input_title="Catt", lang="en", title="Catt"),
}


class FakeEngine:
    """Stands in for `microtask.analysis`: canned reports, calls counted."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, list[str]]] = []
        self.categories: dict[str, list[str]] = {"Physics": ["Marie Curie", "Cat"]}
        self.failure: Exception | None = None
        self.fixed: set[str] = set()  # titles whose failed sources answer now

    async def analyze(
        self,
        lang: str,
        titles: Sequence[InputTitle],
        *,
        settings: Settings,
        cache: object = None,
        on_report: Callable[[int, ArticleReport], None] | None = None,
        now: object = None,
    ) -> list[ArticleReport]:
        if self.failure is not None:
            raise self.failure
        self.runs.append((lang, [t.title for t in titles]))
        reports = []
        for index, title in enumerate(titles):
            found = CANNED.get(title.title) or ArticleReport(
                input_title=title.title, lang=lang, title=title.title
            )
            if title.title in self.fixed:
                found = replace(found, errors=())
            reports.append(found)
            if on_report is not None:
                on_report(index, found)
        return reports

    async def category_titles(
        self, lang: str, category: str, limit: int, *, settings: Settings
    ) -> list[str]:
        if category not in self.categories:
            raise CategoryNotFound(f"Category:{category} does not exist on {lang}.")
        return self.categories[category][:limit]


@pytest.fixture(autouse=True)
def fresh_process_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with an empty engine cache, and leaves logging as it was.

    Both live beyond one script run: the cache in `st.cache_resource`, the log
    handler that app.py installs on the "microtask" logger.
    """
    monkeypatch.setenv("MICROTASK_CACHE_URL", "memory://")
    monkeypatch.setenv("MICROTASK_CONTACT", "https://example.org/contact")
    logger = logging.getLogger("microtask")
    level, handlers = logger.level, list(logger.handlers)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(analysis, "analyze", fake.analyze)
    monkeypatch.setattr(analysis, "category_titles", fake.category_titles)
    return fake


@pytest.fixture
def app(engine: FakeEngine) -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def showing(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing"))


def link(at: AppTest) -> dict[str, list[str]]:
    """The page's URL parameters, every value as a list (repeated or not)."""
    return {
        name: value if isinstance(value, list) else [value]
        for name, value in at.query_params.items()
    }


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def ask(at: AppTest, titles: str) -> AppTest:
    at.run()
    at.text_area(key=keys.TITLES).input(titles)
    at.button(key=keys.GET_TASKS).click()
    return at.run()


def test_that_a_list_gives_a_table_with_counts(
    app: AppTest, engine: FakeEngine
) -> None:
    at = ask(app, "Cat\nMarie Curie\nLyon\nCatt")

    assert not at.exception
    assert errors(at) == []
    assert engine.runs == [("en", ["Cat", "Marie Curie", "Lyon", "Catt"])]
    assert showing(at) == "**Showing 4 of 4 articles**"
    assert [t.value for t in at.toast] == [
        "4 articles analyzed: the results are below."
    ]
    assert link(at) == {"lang": ["en"], "titles": ["Cat|Marie Curie|Lyon|Catt"]}


def test_that_missing_pages_and_failed_sources_are_reported_and_kept(
    app: AppTest,
) -> None:
    at = ask(app, "Cat\nLyon\nCatt")

    warnings = " ".join(w.value for w in at.warning)
    assert "1 title did not match a page on en.wikipedia.org" in warnings
    assert "1 article has a source that failed: topics." in warnings
    assert showing(at) == "**Showing 3 of 3 articles**"


def test_that_the_title_count_follows_the_text(app: AppTest) -> None:
    app.run()

    app.text_area(key=keys.TITLES).input("Cat\nDog\nCat\n\n").run()

    assert "2 titles (1 repeated line will be merged)" in [c.value for c in app.caption]


def test_that_filters_narrow_the_table_and_the_link(app: AppTest) -> None:
    at = ask(app, "Cat\nMarie Curie\nLyon\nCatt")

    at.multiselect(key=keys.filter_widget("countries")).set_value(["France"]).run()
    assert showing(at) == "**Showing 2 of 4 articles**"
    at.multiselect(key=keys.filter_widget("tasks")).set_value(["maintenance"]).run()
    assert showing(at) == "**Showing 1 of 4 articles**"
    wikitable = at.get_by_key(keys.WIKITABLE_CODE).code[0].value
    assert "Marie Curie" in wikitable
    assert "Lyon" not in wikitable
    assert (
        at.get_by_key(keys.DOWNLOADS).markdown[0].value
        == "**Download 1 row (as filtered)**"
    )
    assert link(at)["country"] == ["France"]
    assert link(at)["task"] == ["maintenance"]

    at.button(key=keys.filter_widget("tasks") + "_none").click().run()
    assert showing(at) == "**Showing 0 of 4 articles**"
    assert any("No article matches" in i.value for i in at.info)

    at.button(key=keys.filter_widget("tasks") + "_all").click().run()
    at.button(key=keys.filter_widget("countries") + "_all").click().run()
    assert showing(at) == "**Showing 4 of 4 articles**"
    assert link(at) == {"lang": ["en"], "titles": ["Cat|Marie Curie|Lyon|Catt"]}


def test_that_filtering_and_selecting_do_not_fetch_again(
    app: AppTest, engine: FakeEngine
) -> None:
    at = ask(app, "Cat\nLyon")

    at.multiselect(key=keys.filter_widget("countries")).set_value(["France"]).run()
    at.session_state[grid_key("Cat", "Lyon")] = {"selected": ["1"]}
    at.run()

    assert len(engine.runs) == 1


def test_that_selecting_a_row_shows_its_cards_links_and_tasks(app: AppTest) -> None:
    at = ask(app, "Cat\nMarie Curie")

    at.session_state[grid_key("Cat", "Marie Curie")] = {"selected": ["1"]}
    at.run()

    assert not at.exception
    detail = at.get_by_key(keys.DETAIL)
    assert detail.subheader[0].value == "Marie Curie"
    cards = [at.get_by_key(keys.CARD_PREFIX + name) for name in CARD_ORDER]
    assert [card.markdown[0].value for card in cards] == [
        "**Length** · 62%",
        "**References** · 21%",
        "**Internal links** · 80%",
        "**Sections** · 70%",
        "**Images and media** · 0%",
        "**Categories** · 40%",
        "**Infobox** · No",
        "**Maintenance messages** · Yes",
    ]
    assert [len(card.get("progress")) for card in cards] == [1] * 6 + [0, 0]
    assert "**Suggested tasks (4)**" in [m.value for m in detail.markdown]
    assert [e.label for e in detail.expander] == [
        "Add references",
        "Add images or media",
        "Check the maintenance banner",
        "Add an infobox",
    ]
    assert [b.proto.url for b in detail.get("link_button")] == [
        "https://en.wikipedia.org/wiki/Marie_Curie",
        "https://en.wikipedia.org/w/index.php?title=Marie%20Curie&action=edit",
    ]


def test_that_switching_off_a_task_type_hides_it_everywhere(app: AppTest) -> None:
    at = ask(app, "Cat\nMarie Curie\nLyon")

    at.toggle(key=keys.task_toggle("media")).set_value(False).run()

    tasks_filter = at.multiselect(key=keys.filter_widget("tasks"))
    assert not any(option.startswith("Add images") for option in tasks_filter.options)
    assert link(at)["hide"] == ["media"]
    at.session_state[grid_key("Cat", "Marie Curie", "Lyon")] = {"selected": ["1"]}
    at.run()
    detail = at.get_by_key(keys.DETAIL)
    assert "Add images or media" not in [e.label for e in detail.expander]
    assert "Add references" in [e.label for e in detail.expander]


def failed_sources(at: AppTest) -> list[str]:
    """The failed-sources warning, if shown (empty list if not)."""
    try:
        box = at.get_by_key(keys.FAILURES)
    except KeyError:
        return []
    return [w.value for w in box.warning]


def test_that_retrying_fetches_only_the_failed_rows(
    app: AppTest, engine: FakeEngine
) -> None:
    at = ask(app, "Cat\nLyon\nMarie Curie")
    at.multiselect(key=keys.filter_widget("countries")).set_value(["France"]).run()
    assert failed_sources(at)[0].startswith(
        "1 article has a source that failed: topics."
    )
    engine.fixed.add("Lyon")

    at.button(key=keys.RETRY_FAILED).click().run()

    assert not at.exception
    assert engine.runs[-1] == ("en", ["Lyon"])
    assert len(engine.runs) == 2
    assert failed_sources(at) == []
    assert [t.value for t in at.toast] == ["Retried 1 article: every source answered."]
    assert showing(at) == "**Showing 2 of 3 articles**"
    assert link(at)["country"] == ["France"]


def test_that_a_retry_that_cannot_run_keeps_the_results(
    app: AppTest, engine: FakeEngine
) -> None:
    at = ask(app, "Cat\nLyon")
    cause = ServiceUnavailable("mediawiki", "en.wikipedia.org did not answer.")
    engine.failure = cause

    at.button(key=keys.RETRY_FAILED).click().run()

    assert not at.exception
    assert errors(at) == [md_escape(describe_error(cause))]
    assert showing(at) == "**Showing 2 of 2 articles**"
    assert len(failed_sources(at)) == 1


@pytest.mark.parametrize(
    ("lang", "titles", "message"),
    [
        pytest.param("e n", "Cat", "is not a Wikipedia language code", id="bad-lang"),
        pytest.param("en", "  \n ", "No article titles found", id="empty-input"),
    ],
)
def test_that_bad_input_is_an_error_message_and_nothing_runs(
    app: AppTest, engine: FakeEngine, lang: str, titles: str, message: str
) -> None:
    app.run()
    app.text_input(key=keys.LANG).input(lang)
    app.text_area(key=keys.TITLES).input(titles)

    at = app.button(key=keys.GET_TASKS).click().run()

    assert not at.exception
    assert any(message in e for e in errors(at))
    assert engine.runs == []


def test_that_more_than_a_thousand_titles_disable_the_button(
    app: AppTest, engine: FakeEngine
) -> None:
    app.run()

    at = (
        app.text_area(key=keys.TITLES)
        .input("\n".join(f"Title {i}" for i in range(1001)))
        .run()
    )

    assert not at.exception
    assert at.button(key=keys.GET_TASKS).disabled
    assert any(
        e.startswith("1,001 titles: the dashboard takes at most") for e in errors(at)
    )


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(
            UnknownWiki("mediawiki", "No Wikipedia answers for 'xx'."),
            id="unknown-wiki",
        ),
        pytest.param(
            WikimediaError("mediawiki", "xx.wikipedia.org did not answer; try later."),
            id="unreachable",
        ),
    ],
)
def test_that_a_run_that_cannot_happen_is_an_error_message(
    app: AppTest, engine: FakeEngine, failure: WikimediaError
) -> None:
    engine.failure = failure

    at = ask(app, "Cat")

    assert not at.exception
    assert errors(at) == [md_escape(describe_error(failure))]
    assert not any(m.value.startswith("**Showing") for m in at.markdown)


def test_that_an_error_wrapped_by_a_task_group_is_shown_unwrapped(
    app: AppTest, engine: FakeEngine
) -> None:
    cause = ServiceUnavailable("liftwing", "LiftWing did not answer; try later.")
    engine.failure = ExceptionGroup("unhandled errors in a TaskGroup", [cause])

    at = ask(app, "Cat")

    assert not at.exception
    assert errors(at) == [md_escape(describe_error(cause))]


def test_that_an_unexpected_failure_is_a_message_not_a_traceback(
    app: AppTest, engine: FakeEngine
) -> None:
    engine.failure = RuntimeError("disk full")

    at = ask(app, "Cat")

    assert not at.exception
    assert "RuntimeError\\: disk full" in errors(at)[0]


def choose_category(at: AppTest, name: str, limit: int = 20) -> AppTest:
    at.run()
    at.button_group(key=keys.MODE).set_value("category").run()
    at.session_state[keys.CATEGORY_SEARCH] = {
        "result": name,
        "search": name,
        "options_js": [],
        "key_react": "category_search_react_test",
    }
    at.number_input(key=keys.LIMIT).set_value(limit)
    at.button(key=keys.GET_CATEGORY).click()
    return at.run()


def test_that_a_category_gives_its_articles(app: AppTest, engine: FakeEngine) -> None:
    at = choose_category(app, "Physics", limit=2)

    assert not at.exception
    assert engine.runs == [("en", ["Marie Curie", "Cat"])]
    assert showing(at) == "**Showing 2 of 2 articles**"
    assert link(at) == {"lang": ["en"], "category": ["Physics"], "limit": ["2"]}
    assert at.radio(key=keys.MODE_SIDEBAR).value == "category"


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        pytest.param("Nothing here", "error", "does not exist", id="not-found"),
        pytest.param("Empty", "warning", "has no articles", id="empty"),
        pytest.param("", "error", "Enter a category name", id="blank"),
    ],
)
def test_that_category_problems_are_messages(
    app: AppTest, engine: FakeEngine, name: str, kind: str, message: str
) -> None:
    engine.categories["Empty"] = []

    at = choose_category(app, name)

    assert not at.exception
    shown = [e.value for e in (at.error if kind == "error" else at.warning)]
    assert any(message in text for text in shown)
    assert engine.runs == []


def test_that_a_shared_link_restores_the_view_and_runs(
    app: AppTest, engine: FakeEngine
) -> None:
    app.query_params.update(
        {"lang": "en", "titles": "Cat|Marie Curie|Lyon", "country": "France"}
    )
    app.query_params["hide"] = ["infobox", "maintenance"]

    at = app.run()

    assert not at.exception
    assert engine.runs == [("en", ["Cat", "Marie Curie", "Lyon"])]
    assert at.text_area(key=keys.TITLES).value == "Cat\nMarie Curie\nLyon"
    assert showing(at) == "**Showing 2 of 3 articles**"
    assert at.toggle(key=keys.task_toggle("infobox")).value is False
    assert at.multiselect(key=keys.filter_widget("countries")).value == ["France"]


def test_that_a_damaged_link_says_so_and_shows_the_form(
    app: AppTest, engine: FakeEngine
) -> None:
    app.query_params.update({"lang": "e n", "titles": "Cat"})

    at = app.run()

    assert not at.exception
    assert any("language code cannot be used" in w.value for w in at.warning)
    assert engine.runs == []


def test_that_a_missing_contact_is_told_to_the_operator(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MICROTASK_CONTACT")

    at = app.run()

    assert any("MICROTASK_CONTACT" in c.value for c in at.sidebar.caption)


def test_that_a_bad_setting_is_an_error_message(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROTASK_TIMEOUT", "soon")

    at = app.run()

    assert not at.exception
    assert any(
        "MICROTASK\\_TIMEOUT='soon' is not a valid float" in e for e in errors(at)
    )


def grid_key(*titles: str) -> str:
    return keys.grid(Request("en", titles=titles).key)


# With the real engine and the simulator ------------------------------------


@pytest.fixture
def live_app(simulator_thread: Simulator, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    for name, value in simulator_thread.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MICROTASK_BACKOFF", "0.01")
    monkeypatch.setenv("MICROTASK_TIMEOUT", "2")
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def test_that_the_real_engine_fills_the_table(live_app: AppTest) -> None:
    titles = ["Cat", "Felis catus", "Cat gap", "Catt", "List of cat breeds"]

    at = ask(live_app, "\n".join(titles))

    assert not at.exception
    assert errors(at) == []
    assert showing(at) == "**Showing 5 of 5 articles**"
    warnings = " ".join(w.value for w in at.warning)
    assert "1 title did not match a page" in warnings
    assert "1 article has a source that failed: quality." in warnings

    at.session_state[grid_key(*titles)] = {"selected": ["1"]}
    at.run()
    detail = at.get_by_key(keys.DETAIL)
    assert detail.subheader[0].value == "Cat"
    assert detail.caption[0].value == "Redirected from Felis catus"
    assert "Quality: FA" in detail.get("progress")[0].proto.text


def test_that_the_real_engine_takes_articles_from_a_category(
    live_app: AppTest,
) -> None:
    at = choose_category(live_app, "Felids", limit=5)

    assert not at.exception
    assert errors(at) == []
    assert showing(at) == "**Showing 5 of 5 articles**"
    assert any("Took the first 5 articles" in i.value for i in at.info)
    assert link(at) == {"lang": ["en"], "category": ["Felids"], "limit": ["5"]}


@pytest.mark.parametrize(
    ("category", "kind", "message"),
    [
        pytest.param(
            "Extinct felids of Antarctica", "warning", "has no articles", id="empty"
        ),
        pytest.param("Felids of the Moon", "error", "does not exist", id="missing"),
    ],
)
def test_that_the_real_engine_reports_unusable_categories(
    live_app: AppTest, category: str, kind: str, message: str
) -> None:
    at = choose_category(live_app, category)

    assert not at.exception
    shown = [e.value for e in (at.error if kind == "error" else at.warning)]
    assert any(message in text for text in shown)


def test_that_an_unknown_wiki_is_an_error_message(live_app: AppTest) -> None:
    live_app.run()
    live_app.text_input(key=keys.LANG).input("xx")

    at = ask(live_app, "Cat")

    assert not at.exception
    assert len(errors(at)) == 1
    assert errors(at)[0].startswith("Could not fetch the articles")


def test_that_category_suggestions_come_with_member_counts(
    simulator_thread: Simulator,
) -> None:
    matches = inputs.suggestions("en", "Fel", simulator_thread.settings)

    names = {m.title: m.pages for m in matches}
    assert names["Felids"] >= 30
    assert "Felines" in names


def test_that_failing_suggestions_are_an_empty_list(
    simulator_thread: Simulator,
) -> None:
    assert inputs.suggestions("xx", "Fel", simulator_thread.settings) == []


def test_that_a_retry_fills_in_what_a_fault_took_away(
    live_app: AppTest, simulator_thread: Simulator
) -> None:
    simulator_thread.config.faults = FaultPlan().fail_title("liftwing", "Tiger", "5xx")
    at = ask(live_app, "Cat\nTiger")
    assert "failed: geography, quality, topics." in failed_sources(at)[0]
    simulator_thread.config.faults = FaultPlan()
    simulator_thread.recorder.reset()

    at.button(key=keys.RETRY_FAILED).click().run()

    assert not at.exception
    assert failed_sources(at) == []
    assert simulator_thread.recorder.counts()["liftwing"] == 3
    at.session_state[grid_key("Cat", "Tiger")] = {"selected": ["1"]}
    at.run()
    detail = at.get_by_key(keys.DETAIL)
    assert detail.subheader[0].value == "Tiger"
    assert detail.warning == []
