"""Running one request from the dashboard, or retrying its failed sources.

Both show a progress bar and turn errors into messages; a run also shows its
first rows as they arrive.

The analysis is async; Streamlit runs the script in a thread without an event loop,
so each run gets its own `asyncio.run`. Progress comes from `analyze`'s `on_report`
callback, which runs in this same thread: it may update Streamlit elements.

If the organizer touches a widget during a run, Streamlit stops the script at the
next element update and runs it again. The request stays pending, so the new run
starts it over; what was already scored comes back from the cache in moments.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from microtask import analysis
from microtask import cache as cache_mod
from microtask.cache import Cache, CacheURLError
from microtask.config import Settings
from microtask.models import ArticleReport
from microtask.titles import InputError, InputTitle, check_count, parse_titles
from microtask.ui.state import MODE_CATEGORY, Request, Results
from microtask.ui.table import COLUMNS, build_frame
from microtask.ui.text import describe_error, md_escape, plural, retry_outcome
from microtask.wikimedia.errors import WikimediaError

logger = logging.getLogger("microtask.ui")

# Seconds between two redraws of the partial table while a run is in progress: often
# enough to feel live, rarely enough not to flood the browser with a 1000-row table.
PREVIEW_EVERY = 1.5
# The partial table is a plain `st.dataframe`, narrow enough to read on a phone.
PREVIEW_FIELDS = ("article", "status", "quality_class", "tasks")


class NoArticles(InputError):
    """The category exists but holds no articles."""


@st.cache_resource(show_spinner=False)
def shared_cache(cache_url: str, _settings: Settings) -> Cache:
    """One cache per process and cache URL; a `Cache` is safe across runs and
    threads (see `microtask.cache`), so every session shares it."""
    return analysis.open_default_cache(_settings)


def open_cache(settings: Settings) -> Cache | None:
    """The configured cache, or None (then each run has its own memory cache)."""
    try:
        return shared_cache(settings.cache_url, settings)
    except CacheURLError as error:
        st.warning(
            md_escape(
                f"The cache is off: {error} Results are not kept between runs until "
                "the operator fixes MICROTASK_CACHE_URL."
            )
        )
        return None


def run(
    request: Request, settings: Settings, cache: Cache | None, enabled: frozenset[str]
) -> Results | None:
    """Fetch the reports for `request`, showing progress; None if it could not run."""
    progress = _Progress(enabled)
    results = _guarded(
        request.key, _fetch(request, settings, cache, progress), progress
    )
    if results is not None:
        # On a phone the table starts below the fold: say that it is there.
        count = plural(len(results.reports), "article")
        st.toast(f"{count} analyzed: the results are below.", icon=":material/done:")
    return results


def retry(
    results: Results, settings: Settings, cache: Cache | None, enabled: frozenset[str]
) -> Results | None:
    """Analyze again the rows of `results` that have a failed source.

    The sources that answered were cached when they did, so only what failed is
    asked again (plus the page facts, which tell the current revision). None if
    the retry could not run: the caller keeps the results it has.
    """
    failed = sum(1 for report in results.reports if report.errors)
    progress = _Progress(enabled, preview=False)
    retried = _guarded(
        results.request.key, _retry(results, settings, cache, progress), progress
    )
    if retried is not None:
        still = sum(1 for report in retried.reports if report.errors)
        st.toast(retry_outcome(failed, still), icon=":material/refresh:")
    return retried


def _guarded(
    key: str, work: Coroutine[Any, Any, Results], progress: _Progress
) -> Results | None:
    """Run `work`; any failure becomes a message on the page and None."""
    try:
        return asyncio.run(work)
    except NoArticles as error:
        st.warning(md_escape(str(error)))
    except InputError as error:
        st.error(md_escape(str(error)))
    except WikimediaError as error:
        logger.info("run %s failed: %s", key, error)
        st.error(md_escape(describe_error(error)))
    except Exception as error:  # the page must show a message, not a traceback
        logger.exception("run %s failed unexpectedly", key)
        kind = type(error).__name__
        st.error(
            md_escape(
                f"Something went wrong while fetching the articles ({kind}: {error}). "
                "Try again; if it keeps happening, tell the operator."
            )
        )
    finally:
        progress.close()
    return None


async def _fetch(
    request: Request,
    settings: Settings,
    cache: Cache | None,
    progress: _Progress,
) -> Results:
    notes: list[str] = []
    if request.mode == MODE_CATEGORY:
        progress.say(f"Reading the articles of Category:{md_escape(request.category)}…")
        titles = await _category_titles(request, settings, notes)
    else:
        titles = parse_titles("\n".join(request.titles))
        check_count(titles)
        notes.extend(_list_notes(request, titles))

    progress.begin(len(titles))
    try:
        reports = await analysis.analyze(
            request.lang,
            titles,
            settings=settings,
            cache=cache,
            on_report=progress.report,
        )
    except ExceptionGroup as group:
        raise _reason(group) from group
    return Results(request, tuple(reports), tuple(notes))


async def _retry(
    results: Results, settings: Settings, cache: Cache | None, progress: _Progress
) -> Results:
    progress.begin(sum(1 for report in results.reports if report.errors))
    # Without the shared cache (misconfigured), a cache of this retry alone: every
    # source of the failed rows is then asked again, not only the failed ones.
    own = cache is None
    used = cache or cache_mod.open_cache("memory://")
    try:
        reports = await analysis.retry_failed(
            results.request.lang,
            results.reports,
            settings=settings,
            cache=used,
            on_report=progress.report,
        )
    except ExceptionGroup as group:
        raise _reason(group) from group
    finally:
        if own:
            await used.close()
    return replace(results, reports=tuple(reports))


def _reason(group: ExceptionGroup[Exception]) -> Exception:
    """The error worth showing from an `asyncio.TaskGroup`'s exception group.

    NOTE: `analyze` promises plain `WikimediaError`s, but anything raised inside
    one of its task groups comes out wrapped; the organizer should still read the
    Wikimedia message, not "unhandled errors in a TaskGroup".
    """
    for error in group.exceptions:
        if isinstance(error, ExceptionGroup):
            error = _reason(error)
        if isinstance(error, (WikimediaError, InputError)):
            return error
    return group


async def _category_titles(
    request: Request, settings: Settings, notes: list[str]
) -> list[InputTitle]:
    names = await analysis.category_titles(
        request.lang, request.category, request.limit, settings=settings
    )
    wiki = f"{request.lang}.wikipedia.org"
    if not names:
        raise NoArticles(
            f"Category:{request.category} on {wiki} has no articles (it may hold "
            "only subcategories or files). Try one of its subcategories."
        )
    if len(names) >= request.limit:
        notes.append(
            f"Took the first {plural(len(names), 'article')} of "
            f"Category:{md_escape(request.category)}; raise the number of articles "
            "to take more."
        )
    return parse_titles("\n".join(names))


def _list_notes(request: Request, titles: list[InputTitle]) -> list[str]:
    notes = []
    merged = sum(t.duplicates for t in titles)
    if merged:
        notes.append(
            f"{plural(merged, 'repeated line')} merged: each article is listed once."
        )
    elsewhere = [t for t in titles if t.url_lang and t.url_lang != request.lang]
    if elsewhere:
        langs = ", ".join(sorted({f"{t.url_lang}.wikipedia.org" for t in elsewhere}))
        notes.append(
            f"{plural(len(elsewhere), 'line')} link to {langs}, but they were looked "
            f"up on {request.lang}.wikipedia.org. Change the language code to "
            "analyze them on their own wiki."
        )
    return notes


@dataclass
class _Progress:
    """The progress bar and the partial table shown while a run is in progress."""

    enabled: frozenset[str]
    preview: bool = True  # redraw the partial table; a retry has no table to grow
    total: int = 0
    done: dict[int, ArticleReport] = field(default_factory=dict)
    shown_at: float = 0.0

    def __post_init__(self) -> None:
        self.bar = st.progress(0.0, text="Starting…")
        self.table = st.empty()

    def say(self, text: str) -> None:
        self.bar.progress(0.0, text=text)

    def begin(self, total: int) -> None:
        self.total = total
        self.shown_at = time.monotonic()
        self.bar.progress(0.0, text=f"0 of {plural(total, 'article')} analyzed")

    def report(self, index: int, report: ArticleReport) -> None:
        self.done[index] = report
        count = len(self.done)
        fraction = count / self.total if self.total else 1.0
        self.bar.progress(
            min(fraction, 1.0),
            text=f"{count:,} of {plural(self.total, 'article')} analyzed",
        )
        now = time.monotonic()
        due = now - self.shown_at >= PREVIEW_EVERY
        if self.preview and due and count < self.total:
            self.shown_at = now
            self._show_preview()

    def _show_preview(self) -> None:
        ordered = [self.done[i] for i in sorted(self.done)]
        frame = build_frame(ordered, range(len(ordered)), self.enabled)
        columns = [c for c in COLUMNS if c.field in PREVIEW_FIELDS]
        shown = frame[[c.field for c in columns]]
        shown = shown.rename(columns={c.field: c.header for c in columns})
        self.table.dataframe(shown, hide_index=True, height=320)

    def close(self) -> None:
        self.bar.empty()
        self.table.empty()
