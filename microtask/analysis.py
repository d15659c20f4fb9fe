"""The analysis engine: from input titles to one `ArticleReport` per title.

How the work is scheduled, and why:

* LiftWing is the bottleneck. Three models, one article per request, 15 requests/s
  anonymous: a cold 1000-article run cannot take less than 3 × 1000 / 15 = 200 s.
  Everything else is arranged so that LiftWing's budget is never idle and never
  exceeded (the pace is set in `wikimedia.liftwing` and held, for the whole
  process, in `wikimedia.limits`).
* The Action API answers 50 titles per request. Its batches run ahead, at most three
  at a time per wiki (the process-wide slots in `wikimedia.limits`), so LiftWing has
  revisions to score within the first round trip; the first batch is small.
* Articles are scored in input order and the pace hands out turns first come, first
  served, so rows complete roughly in input order, one every 3 / rate seconds: the
  first rows of the table are ready within a second.
* Only what cannot have changed is reused: quality by (wiki, revision), page views,
  topics and countries with the expiries in `microtask.cache`. Page facts are always
  fetched, because they are what tells us the current revision.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from microtask import cache as cache_mod
from microtask.cache import Cache
from microtask.config import Settings, article_url
from microtask.models import (
    FEATURE_NAMES,
    SOURCES,
    ArticleReport,
    CategoryMatch,
    Country,
    Feature,
    PageFacts,
    Quality,
    SourceError,
    Topic,
)
from microtask.tasks import derive_tasks
from microtask.titles import InputError, InputTitle, normalize_category, validate_lang
from microtask.wikimedia.errors import (
    BadResponse,
    ServiceUnavailable,
    UnknownWiki,
    WikimediaError,
)
from microtask.wikimedia.http import WikimediaHttp
from microtask.wikimedia.liftwing import LiftWingClient
from microtask.wikimedia.mediawiki import BATCH_SIZE, MediaWikiClient
from microtask.wikimedia.pageviews import PageviewsClient

logger = logging.getLogger("microtask.analysis")

ReportCallback = Callable[[int, ArticleReport], None]
T = TypeVar("T")

# The first batch is small so that the first rows appear after a couple of round
# trips: page views come about 5 titles per call, so 50 titles take 10 sequential
# calls before LiftWing could start. It costs no request: calls per batch are
# ceil(titles / 5) whatever the split.
FIRST_BATCH = 10

# Cache writes are queued and written this many entries at a time (about ten
# articles): one SQLite transaction or Redis connection per batch, not per result.
WRITE_BATCH = 30

TTLS: dict[str, float | None] = {
    cache_mod.QUALITY: cache_mod.QUALITY_TTL,
    cache_mod.TOPICS: cache_mod.TOPICS_TTL,
    cache_mod.COUNTRIES: cache_mod.COUNTRIES_TTL,
    cache_mod.PAGEVIEWS: cache_mod.PAGEVIEWS_TTL,
}


class CategoryNotFound(InputError):
    """The category does not exist on that wiki."""


@dataclass(eq=False)
class _Article:
    """What one input title has gathered so far; becomes an `ArticleReport`."""

    index: int
    input: InputTitle
    facts: PageFacts | None = None
    pageviews: int | None = None
    quality: Quality | None = None
    topics: list[Topic] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)

    def fail(self, source: str, error: Exception) -> None:
        message = error.message if isinstance(error, WikimediaError) else str(error)
        self.errors.append(SourceError(source=source, message=message))


async def analyze(
    lang: str,
    titles: Sequence[InputTitle],
    *,
    settings: Settings,
    cache: Cache | None = None,
    on_report: ReportCallback | None = None,
    now: datetime | None = None,
    http: WikimediaHttp | None = None,
) -> list[ArticleReport]:
    """Fetch the live state of every title and return one report each, in input order.

    `on_report(index, report)` is called as each article completes. Per-source
    failures are recorded in the report's `errors`; only a run that cannot start at
    all (unknown wiki, wiki unreachable) raises `WikimediaError`. Pass an open `http`
    to share its limits and read its request counters (the benchmark does).
    """
    lang = validate_lang(lang)
    moment = now or datetime.now(UTC)
    owns_cache = cache is None
    cache = cache or cache_mod.open_cache("memory://")
    articles = [_Article(index=i, input=t) for i, t in enumerate(titles)]
    reports: list[ArticleReport | None] = [None] * len(articles)

    def finish(article: _Article) -> None:
        report = _build_report(lang, article, settings, moment)
        reports[article.index] = report
        if on_report is not None:
            on_report(article.index, report)

    try:
        if http is not None:
            await _Run(lang, settings, cache, http, finish).execute(articles)
        else:
            async with WikimediaHttp(settings) as own_http:
                await _Run(lang, settings, cache, own_http, finish).execute(articles)
    finally:
        if owns_cache:
            await cache.close()

    # Every article finishes on every path; should one not, its row still appears
    # with what it gathered rather than vanish.
    return [
        report or _build_report(lang, article, settings, moment)
        for report, article in zip(reports, articles, strict=True)
    ]


async def retry_failed(
    lang: str,
    reports: Sequence[ArticleReport],
    *,
    settings: Settings,
    cache: Cache,
    on_report: ReportCallback | None = None,
    now: datetime | None = None,
) -> list[ArticleReport]:
    """Analyze again only the rows that have a failed source; keep the others.

    The sources that worked for those rows were cached when they answered, so a
    retry asks Wikimedia only for what failed, plus the page facts that tell us
    the current revision (one request per 50 rows).
    """
    failed = [i for i, report in enumerate(reports) if report.errors]
    titles = [
        InputTitle(
            title=reports[i].input_title,
            line=i + 1,
            duplicates=reports[i].duplicates_removed,
        )
        for i in failed
    ]

    def forward(position: int, report: ArticleReport) -> None:
        if on_report is not None:
            on_report(failed[position], report)

    fresh = await analyze(
        lang, titles, settings=settings, cache=cache, on_report=forward, now=now
    )
    merged = list(reports)
    for index, report in zip(failed, fresh, strict=True):
        merged[index] = report
    return merged


class _Run:
    """One analysis: page-fact batches feeding per-article LiftWing work."""

    def __init__(
        self,
        lang: str,
        settings: Settings,
        cache: Cache,
        http: WikimediaHttp,
        finish: Callable[[_Article], None],
    ) -> None:
        self.lang = lang
        self.settings = settings
        self.cache = cache
        self.mediawiki = MediaWikiClient(http, settings, lang)
        self.liftwing = LiftWingClient(http, settings)
        self.pageviews = PageviewsClient(http, settings)
        self.finish = finish
        self._pending: dict[str, dict[str, Any]] = {}

    async def execute(self, articles: list[_Article]) -> None:
        if not articles:
            return
        rest = articles[FIRST_BATCH:]
        batches = [articles[:FIRST_BATCH]] + [
            rest[i : i + BATCH_SIZE] for i in range(0, len(rest), BATCH_SIZE)
        ]

        # The first batch runs alone: if the wiki does not exist or cannot be
        # reached, the run stops once, clearly, instead of failing twenty times.
        await self._page_facts(batches[0], first=True)
        try:
            async with asyncio.TaskGroup() as group:
                await self._schedule(group, batches[0])
                for batch in batches[1:]:
                    group.create_task(self._batch(group, batch))
        except BaseExceptionGroup as group_error:
            # Sources fail inside their own tasks and are caught there; anything
            # that escapes is a bug or a cancellation: surface the first one.
            raise group_error.exceptions[0] from None
        await self.flush()

    async def _batch(self, group: asyncio.TaskGroup, batch: list[_Article]) -> None:
        await self._page_facts(batch, first=False)
        await self._schedule(group, batch)

    async def _schedule(self, group: asyncio.TaskGroup, batch: list[_Article]) -> None:
        """Score the batch's existing pages; rows without a page are done already."""
        pages = [a for a in batch if _scorable(a)]
        hits = await self._cached_scores(pages)
        for article in batch:
            if _scorable(article):
                group.create_task(self._score(article, hits))
            else:
                self.finish(article)

    async def _cached_scores(self, pages: list[_Article]) -> dict[str, dict[str, Any]]:
        """Cached LiftWing results for a batch, read in one call per model.

        Per-article reads would cost a warm 1000-article run 3000 round trips to
        SQLite or Redis instead of 60. An entry that does not decode (written by
        another version, or damaged) is a miss, never a failed run.
        """
        keys = [self._keys(a) for a in pages]
        quality_keys = [quality for quality, _ in keys]
        page_keys = [page for _, page in keys]
        quality, topics, countries = await asyncio.gather(
            self.cache.get_many(cache_mod.QUALITY, quality_keys),
            self.cache.get_many(cache_mod.TOPICS, page_keys),
            self.cache.get_many(cache_mod.COUNTRIES, page_keys),
        )
        return {
            cache_mod.QUALITY: _decoded(cache_mod.QUALITY, quality, _quality_from_json),
            cache_mod.TOPICS: _decoded(cache_mod.TOPICS, topics, _topics_from_json),
            cache_mod.COUNTRIES: _decoded(
                cache_mod.COUNTRIES, countries, _countries_from_json
            ),
        }

    def _keys(self, article: _Article) -> tuple[str, str]:
        facts = article.facts
        assert facts is not None and facts.rev_id is not None
        return (
            cache_mod.quality_key(self.lang, facts.rev_id),
            cache_mod.page_key(self.lang, facts.title),
        )

    async def _page_facts(
        self, batch: list[_Article], *, first: bool
    ) -> list[_Article]:
        """Page facts (and page views unless cached) for one batch of titles."""
        names = [a.input.title for a in batch]
        views_keys = [cache_mod.page_key(self.lang, n) for n in names]
        cached_views = _decoded(
            cache_mod.PAGEVIEWS,
            await self.cache.get_many(cache_mod.PAGEVIEWS, views_keys),
            _views_from_json,
        )
        need_views = len(cached_views) < len(views_keys)

        try:
            facts = await self._fetch_facts(batch, need_views)
        except WikimediaError as error:
            if first:
                await self._check_reachable(error)
            for article in batch:
                article.fail("mediawiki", error)
            return batch

        fresh_views: dict[str, Any] = {}
        for article, key in zip(batch, views_keys, strict=True):
            article.facts = facts.get(article.input.title)
            if article.facts is None:
                missing = BadResponse("mediawiki", "the API did not return this title")
                article.fail("mediawiki", missing)
            elif key in cached_views:
                article.pageviews = cached_views[key]
            elif article.facts.pageviews is not None:
                article.pageviews = article.facts.pageviews
                fresh_views[key] = article.pageviews
            elif need_views and not article.facts.exists:
                # Remember "no page, no views" too, or one missing title would
                # make its whole batch ask for page views again on every run.
                fresh_views[key] = None
        if fresh_views:
            await self.cache.set_many(
                cache_mod.PAGEVIEWS, fresh_views, cache_mod.PAGEVIEWS_TTL
            )
        return batch

    async def _check_reachable(self, error: WikimediaError) -> None:
        """Raise `error` if the wiki cannot be used at all, so the run stops once.

        The first batch failing is not proof: it may have met a run of transient
        faults. One cheap siteinfo request tells an unreachable or unknown wiki
        (stop the run) from a bad moment (mark these rows and go on).
        """
        if isinstance(error, UnknownWiki):
            raise error
        if not isinstance(error, ServiceUnavailable):
            return
        try:
            await self.mediawiki.check_wiki()
        except WikimediaError:
            raise error from None

    async def _fetch_facts(
        self, batch: list[_Article], need_views: bool
    ) -> dict[str, PageFacts]:
        names = [a.input.title for a in batch]
        if not need_views:
            return await self.mediawiki.page_facts_batch(names, pageviews=False)
        try:
            facts = await self.mediawiki.page_facts_batch(names, pageviews=True)
            if self.mediawiki.pageviews_available is False:
                facts = await self._rest_views(batch, facts)
            return facts
        except UnknownWiki:
            raise
        except WikimediaError as error:
            # Page views ride along with the page facts (fewer requests); a failure
            # in their continuation must not cost us the facts themselves.
            logger.info("page views failed (%s); fetching page facts alone", error)
            facts = await self.mediawiki.page_facts_batch(names, pageviews=False)
            for article in batch:
                article.fail("pageviews", error)
            return facts

    async def _rest_views(
        self, batch: list[_Article], facts: dict[str, PageFacts]
    ) -> dict[str, PageFacts]:
        """Page views from the REST API, for a wiki without PageViewInfo.

        One request per article instead of about one per five, so it is only the
        fallback.
        """

        async def views(article: _Article) -> None:
            page = facts.get(article.input.title)
            if page is None or not page.exists:
                return
            try:
                count = await self.pageviews.article_views(self.lang, page.title)
            except WikimediaError as error:
                article.fail("pageviews", error)
                return
            facts[article.input.title] = replace(page, pageviews=count)

        await asyncio.gather(*(views(a) for a in batch))
        return facts

    async def _score(self, article: _Article, hits: dict[str, dict[str, Any]]) -> None:
        """The three LiftWing models for one article, cache first."""
        facts = article.facts
        assert facts is not None and facts.rev_id is not None
        rev_id, title = facts.rev_id, facts.title
        quality_key, page_key = self._keys(article)

        quality, topics, countries = await asyncio.gather(
            self._model(
                article,
                (cache_mod.QUALITY, quality_key),
                hits,
                lambda: self.liftwing.quality(self.lang, rev_id),
                _quality_to_json,
            ),
            self._model(
                article,
                (cache_mod.TOPICS, page_key),
                hits,
                lambda: self._topics(title),
                _topics_to_json,
            ),
            self._model(
                article,
                (cache_mod.COUNTRIES, page_key),
                hits,
                lambda: self.liftwing.countries(self.lang, title),
                _countries_to_json,
            ),
        )
        article.quality = quality
        article.topics = topics or []
        article.countries = countries or []
        self.finish(article)

    async def _model(
        self,
        article: _Article,
        entry: tuple[str, str],
        hits: dict[str, dict[str, Any]],
        fetch: Callable[[], Awaitable[T]],
        encode: Callable[[Any], Any],
    ) -> T | None:
        """One model's result for one article: cached, or fetched and remembered.

        A failure is recorded on the article under the model's source name (the
        cache namespace) and gives None.
        """
        namespace, key = entry
        if key in hits[namespace]:
            return cast(T, hits[namespace][key])
        try:
            result = await fetch()
        except WikimediaError as error:
            article.fail(namespace, error)
            return None
        await self._remember(namespace, key, encode(result))
        return result

    async def _topics(self, title: str) -> list[Topic]:
        threshold = self.settings.topic_threshold
        topics = await self.liftwing.topics(self.lang, title, threshold)
        return [t for t in topics if t.score >= threshold]

    async def _remember(self, namespace: str, key: str, value: Any) -> None:
        """Queue a cache write; written in batches (one connection per batch).

        A run stopped before its last flush loses only those results, which are
        fetched again next time; nothing is ever half written.
        """
        self._pending.setdefault(namespace, {})[key] = value
        if sum(len(v) for v in self._pending.values()) >= WRITE_BATCH:
            await self.flush()

    async def flush(self) -> None:
        """Write the queued cache entries, one batch per namespace."""
        pending, self._pending = self._pending, {}
        for namespace, items in pending.items():
            await self.cache.set_many(namespace, items, TTLS[namespace])


def _scorable(article: _Article) -> bool:
    """An existing page with a revision: what LiftWing can score."""
    facts = article.facts
    return facts is not None and facts.exists and facts.rev_id is not None


def _build_report(
    lang: str, article: _Article, settings: Settings, now: datetime
) -> ArticleReport:
    facts = article.facts
    report = ArticleReport(
        input_title=article.input.title,
        lang=lang,
        title=article.input.title,
        duplicates_removed=article.input.duplicates,
        # Sources finish in any order; the report lists them in a fixed one.
        errors=tuple(sorted(article.errors, key=lambda e: SOURCES.index(e.source))),
    )
    if facts is None:
        return report

    days = None
    if facts.last_edit is not None:
        days = max(0, (now - facts.last_edit).days)
    report = replace(
        report,
        title=facts.title,
        url=article_url(lang, facts.title) if facts.exists else None,
        exists=facts.exists,
        redirected_from=facts.redirected_from,
        invalid_reason=facts.invalid_reason,
        page_id=facts.page_id,
        rev_id=facts.rev_id,
        last_edit=facts.last_edit,
        days_since_edit=days,
        language_editions=facts.language_editions if facts.exists else None,
        wikidata_item=facts.wikidata_item,
        pageviews=article.pageviews,
        topics=tuple(article.topics),
        countries=tuple(article.countries),
    )
    if article.quality is not None:
        quality = article.quality
        report = replace(
            report,
            quality_score=quality.score,
            quality_class=quality.label,
            features=dict(quality.features),
            tasks=derive_tasks(quality.features, settings.task_threshold),
        )
    return report


def _quality_to_json(quality: Quality) -> dict[str, Any]:
    return {
        "rev_id": quality.rev_id,
        "score": quality.score,
        "label": quality.label,
        "features": {
            name: [f.raw, f.normalized] for name, f in quality.features.items()
        },
    }


def _decoded(
    namespace: str, hits: dict[str, Any], decode: Callable[[Any], Any]
) -> dict[str, Any]:
    """Cache hits decoded; an entry that does not decode is logged and dropped."""
    decoded = {}
    for key, value in hits.items():
        try:
            decoded[key] = decode(value)
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("ignored a damaged cache entry %s/%s", namespace, key)
    return decoded


def _topics_to_json(topics: list[Topic]) -> list[dict[str, Any]]:
    return [{"label": t.label, "score": t.score} for t in topics]


def _countries_to_json(countries: list[Country]) -> list[dict[str, Any]]:
    return [{"name": c.name, "score": c.score} for c in countries]


def _topics_from_json(data: list[dict[str, Any]]) -> list[Topic]:
    return [Topic(label=str(t["label"]), score=float(t["score"])) for t in data]


def _countries_from_json(data: list[dict[str, Any]]) -> list[Country]:
    return [Country(name=str(c["name"]), score=float(c["score"])) for c in data]


def _views_from_json(data: Any) -> int | None:
    if data is None or (isinstance(data, int) and not isinstance(data, bool)):
        return data
    raise TypeError(f"page views must be a count, not {data!r}")


def _quality_from_json(data: dict[str, Any]) -> Quality:
    if set(data["features"]) != set(FEATURE_NAMES):
        raise ValueError("a quality entry must have every feature")
    return Quality(
        rev_id=data["rev_id"],
        score=data["score"],
        label=data["label"],
        features={
            name: Feature(raw=raw, normalized=normalized)
            for name, (raw, normalized) in data["features"].items()
        },
    )


async def category_titles(
    lang: str, category: str, limit: int, *, settings: Settings
) -> list[str]:
    """Up to `limit` article titles (namespace 0) in a category, in the API's order.

    Raises `CategoryNotFound` when the category page does not exist; an existing
    category with no articles gives an empty list.
    """
    lang = validate_lang(lang)
    name = normalize_category(category)
    async with WikimediaHttp(settings) as http:
        client = MediaWikiClient(http, settings, lang)
        members = await client.category_members(name, limit)
        if not members and await client.category_info(name) is None:
            raise CategoryNotFound(
                f"Category:{name} does not exist on {lang}.wikipedia.org. "
                "Check the spelling, or pick one of the suggestions."
            )
    return members


async def search_categories(
    lang: str, prefix: str, *, settings: Settings, limit: int = 10
) -> list[CategoryMatch]:
    """Categories whose name starts like `prefix`, best match first (autocomplete)."""
    lang = validate_lang(lang)
    prefix = prefix.strip()
    if not prefix:
        return []
    async with WikimediaHttp(settings) as http:
        client = MediaWikiClient(http, settings, lang)
        return await client.search_categories(prefix, limit)


def open_default_cache(settings: Settings) -> Cache:
    """The cache named by MICROTASK_CACHE_URL, or the SQLite file by default."""
    return cache_mod.open_cache(settings.cache_url)
