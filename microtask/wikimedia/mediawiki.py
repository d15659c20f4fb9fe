"""MediaWiki Action API client for one Wikipedia: page facts and categories.

Requests follow shared/docs/wikimedia.md: `formatversion=2`, batches of 50 titles
(`toomanyvalues` beyond that), the whole `continue` object sent back unchanged
until an answer has none, and `maxlag` when the settings ask for it.

Categories, and how a caller tells an empty category from a missing one:
`category_members` returns `[]` for both, because the API does; `category_info`
returns `None` when the category has neither a page nor members. A category name
may be given bare ("Physics"), canonical ("Category:Physics") or localized
("Kategorie:Physik"); it is always sent as "Category:<name>", which every wiki
accepts, after the wiki's own category prefixes (read once from siteinfo) are
stripped. Titles returned by `search_categories` carry no prefix.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncGenerator, Iterable, Iterator, Sequence
from contextlib import aclosing, contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from microtask.config import Settings
from microtask.models import CategoryMatch, PageFacts
from microtask.wikimedia.errors import BadResponse, UnknownWiki
from microtask.wikimedia.http import MEDIAWIKI, Parse, WikimediaHttp

logger = logging.getLogger("microtask.mediawiki")

_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")

# Titles per query: the API's limit for anonymous clients (`toomanyvalues` above).
BATCH_SIZE = 50
# Category members per call: `cmlimit=max` for anonymous clients.
MAX_CATEGORY_LIMIT = 500
# Longest query string sent as GET; longer ones go as a POST form. URLs past
# about 8 KB are refused by Wikimedia's front-end caches.
MAX_GET_QUERY = 8000
# Days of page views asked of PageViewInfo; also what the REST fallback sums.
PAGEVIEW_DAYS = 30
# Continuations followed for one query before the answer is judged broken.
MAX_CONTINUATIONS = 1000

# Wikipedia subdomains: lower-case letters, digits, hyphens ("simple", "zh-min-nan").
LANGUAGE_CODE = re.compile(r"[a-z][a-z0-9-]*")

CATEGORY_NAMESPACE = 14
CANONICAL_CATEGORY = "Category"

Page = dict[str, Any]


class MediaWikiClient:
    """Action API of one Wikipedia (`lang`), sharing the run's `WikimediaHttp`."""

    def __init__(self, http: WikimediaHttp, settings: Settings, lang: str) -> None:
        if not _is_language_code(lang):
            raise UnknownWiki(
                MEDIAWIKI,
                f"{lang!r} is not a Wikipedia language code; use one like 'en', "
                "'de' or 'zh-min-nan'.",
            )
        self.http = http
        self.settings = settings
        self.lang = lang
        self.endpoint = settings.mediawiki_endpoint(lang)
        # None until page_facts asked for page views; False when the wiki lacks
        # the PageViewInfo extension and the REST per-article route must serve.
        self.pageviews_available: bool | None = None
        self._category_prefixes: frozenset[str] | None = None

    async def check_wiki(self) -> None:
        """Raise `UnknownWiki` unless a wiki answers for `lang` (one cheap request).

        Also learns the wiki's category namespace names for `category_members`.
        """
        await self._category_prefix_names()

    async def page_facts(
        self, titles: Sequence[str], *, pageviews: bool = False
    ) -> dict[str, PageFacts]:
        """Facts for every title, keyed by the title exactly as given.

        Batches run concurrently within the host's limit. One failed batch fails the
        call; callers that want the other batches anyway use `page_facts_batch`.
        """
        unique = list(dict.fromkeys(titles))
        batches = [
            unique[start : start + BATCH_SIZE]
            for start in range(0, len(unique), BATCH_SIZE)
        ]
        results = await asyncio.gather(
            *(self.page_facts_batch(batch, pageviews=pageviews) for batch in batches),
            return_exceptions=True,
        )

        facts: dict[str, PageFacts] = {}
        for result in results:
            if isinstance(result, BaseException):
                raise result
            facts.update(result)
        return facts

    async def page_facts_batch(
        self, titles: Sequence[str], *, pageviews: bool = False
    ) -> dict[str, PageFacts]:
        """Facts for at most `BATCH_SIZE` titles: one query and its continuations."""
        if len(titles) > BATCH_SIZE:
            raise ValueError(
                f"At most {BATCH_SIZE} titles per batch, got {len(titles)}"
            )
        unusable = {title: reason for title in titles if (reason := _unusable(title))}
        asked = [title for title in titles if title not in unusable]

        answer = _Answer()
        if asked:
            params = _page_facts_params(asked, pageviews)
            answers = self._continued(
                params, batch=len(asked), parse=self._requires("pages")
            )
            async with aclosing(answers) as pages:
                async for data in pages:
                    with self._parsing("page facts"):
                        answer.add(data)
            if pageviews:
                self._note_pageviews_support(answer)
        with_views = pageviews and answer.has_pageviews is True

        facts: dict[str, PageFacts] = {}
        with self._parsing("page facts"):
            for title in titles:
                if title in unusable:
                    facts[title] = _invalid(title, unusable[title])
                else:
                    facts[title] = answer.facts_for(title, with_views)
        return facts

    async def category_members(self, category: str, limit: int) -> list[str]:
        """Titles of up to `limit` articles (namespace 0) in `category`.

        `[]` for an empty *or* non-existent category; `category_info` tells which.
        """
        if limit <= 0:
            return []
        params = {
            "action": "query",
            "list": "categorymembers",
            "cmtitle": await self._category_title(category),
            "cmnamespace": 0,
            "cmtype": "page",
            "cmlimit": min(limit, MAX_CATEGORY_LIMIT),
        }

        titles: list[str] = []
        listing = self._continued(params, parse=self._requires("categorymembers"))
        async with aclosing(listing) as answers:
            # With cmnamespace an answer may hold fewer members than cmlimit, even
            # none, while a continuation is still present: count, don't assume.
            async for data in answers:
                with self._parsing("categorymembers"):
                    members = data.get("query", {}).get("categorymembers", [])
                    titles.extend(member["title"] for member in members)
                if len(titles) >= limit:
                    break
        return titles[:limit]

    async def category_info(self, category: str) -> CategoryMatch | None:
        """The category and its article count, or `None` if it does not exist.

        A category exists for our purposes when it has a page or any members:
        MediaWiki lists members of categories whose page was never written.
        """
        params = {
            "action": "query",
            "prop": "categoryinfo",
            "titles": await self._category_title(category),
        }
        data = await self._request(params)

        with self._parsing("categoryinfo"):
            page = data["query"]["pages"][0]
            info = page.get("categoryinfo")
            if page.get("invalid") or (page.get("missing") and not info):
                return None
            return CategoryMatch(_without_namespace(page["title"]), _pages_of(page))

    async def search_categories(
        self, prefix: str, limit: int = 10
    ) -> list[CategoryMatch]:
        """Categories whose name starts like `prefix`, best match first.

        prefixsearch is ranked and typo-tolerant, unlike list=allcategories; its
        rank is each page's `index`. Titles come without the namespace prefix
        because that is what a person picks from a list and what
        `category_members` accepts back.
        """
        prefix = prefix.strip()
        if not prefix or limit <= 0:
            return []
        params = {
            "action": "query",
            "generator": "prefixsearch",
            "gpssearch": prefix,
            "gpsnamespace": CATEGORY_NAMESPACE,
            "gpslimit": limit,
            "prop": "categoryinfo",
        }
        data = await self._request(params)

        with self._parsing("prefixsearch"):
            # No match at all: the answer has no "query" key.
            pages = data.get("query", {}).get("pages", [])
            ranked = sorted(pages, key=lambda page: page.get("index", len(pages)))
            return [
                CategoryMatch(_without_namespace(page["title"]), _pages_of(page))
                for page in ranked[:limit]
            ]

    async def _category_title(self, category: str) -> str:
        """`Category:<name>` for a bare, canonical or localized category name."""
        name = category.strip().lstrip(":")
        namespace, colon, rest = name.partition(":")
        if colon and _namespace_key(namespace) in await self._category_prefix_names():
            name = rest.strip()
        return f"{CANONICAL_CATEGORY}:{name}"

    async def _category_prefix_names(self) -> frozenset[str]:
        """Names and aliases of namespace 14 on this wiki, compared case-blind."""
        if self._category_prefixes is None:
            siteinfo = {"meta": "siteinfo", "siprop": "namespaces|namespacealiases"}
            data = await self._request({"action": "query", **siteinfo})
            with self._parsing("siteinfo"):
                query = data["query"]
                namespace = query["namespaces"][str(CATEGORY_NAMESPACE)]
                names = {CANONICAL_CATEGORY, namespace["name"]}
                names.add(namespace.get("canonical", ""))
                names.update(
                    alias["alias"]
                    for alias in query.get("namespacealiases", [])
                    if alias.get("id") == CATEGORY_NAMESPACE
                )
            self._category_prefixes = frozenset(_namespace_key(n) for n in names if n)
        return self._category_prefixes

    @contextmanager
    def _parsing(self, what: str) -> Iterator[None]:
        """Turn a surprise in an answer's shape into `BadResponse` naming the query."""
        try:
            yield
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
            raise BadResponse(
                MEDIAWIKI,
                f"{self.endpoint} gave an unexpected {what} answer "
                f"({type(exc).__name__}: {exc}); the wiki's API may have changed",
            ) from None

    def _note_pageviews_support(self, answer: _Answer) -> None:
        available = answer.has_pageviews
        if available is False and self.pageviews_available is not False:
            logger.info(
                "mediawiki %s: no PageViewInfo (prop=pageviews unrecognized); page "
                "views must come from the REST per-article route",
                self.lang,
            )
        self.pageviews_available = available

    def _requires(self, key: str) -> Parse:
        """A parse that lets through only answers with `query.<key>` as a list.

        Every answer of these queries has it, even an empty one; without it the
        titles it should have listed would silently vanish from the results.
        """

        def parse(data: Any) -> Any:
            query = data.get("query") if isinstance(data, dict) else None
            if not isinstance(query, dict) or not isinstance(query.get(key), list):
                raise BadResponse(
                    MEDIAWIKI, f"{self.endpoint} answered without query.{key}"
                )
            return data

        return parse

    async def _continued(
        self,
        params: dict[str, Any],
        *,
        batch: int | None = None,
        parse: Parse | None = None,
    ) -> AsyncGenerator[dict[str, Any], None]:
        """Each answer of a query, following `continue` until an answer has none."""
        continuation: dict[str, Any] = {}
        for _ in range(MAX_CONTINUATIONS):
            data = await self._request(
                {**params, **continuation}, batch=batch, parse=parse
            )
            yield data
            following = data.get("continue")
            if not following:
                return
            if following == continuation:
                raise BadResponse(
                    MEDIAWIKI,
                    f"{self.endpoint} repeated the continuation {following}; "
                    "the query cannot finish",
                )
            continuation = following
        raise BadResponse(
            MEDIAWIKI,
            f"{self.endpoint} still continued after {MAX_CONTINUATIONS} calls",
        )

    async def _request(
        self,
        params: dict[str, Any],
        *,
        batch: int | None = None,
        parse: Parse | None = None,
    ) -> dict[str, Any]:
        """One Action API call; a POST form when the query string would be too long."""
        full = {"format": "json", "formatversion": 2, **params}
        if self.settings.maxlag is not None:
            full["maxlag"] = self.settings.maxlag
        form = {key: str(value) for key, value in full.items()}

        if len(urlencode(form)) > MAX_GET_QUERY:
            data = await self.http.post_json(
                self.endpoint,
                data=form,
                service=MEDIAWIKI,
                host_key=self.lang,
                batch=batch,
                parse=parse,
            )
        else:
            data = await self.http.get_json(
                self.endpoint,
                form,
                service=MEDIAWIKI,
                host_key=self.lang,
                batch=batch,
                parse=parse,
            )
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise BadResponse(
                MEDIAWIKI, f"{self.endpoint} answered a {kind}, not an object"
            )
        return data


class _Answer:
    """The pages, normalizations and redirects of one query, merged across continues."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.steps: dict[str, str] = {}  # normalized, converted and redirected titles
        self.redirects: set[str] = set()
        self.interwiki: dict[str, str] = {}
        self.has_pageviews: bool | None = None

    def add(self, data: dict[str, Any]) -> None:
        if _warns_unrecognized_pageviews(data.get("warnings")):
            self.has_pageviews = False
        elif self.has_pageviews is None:
            self.has_pageviews = True

        query = data.get("query", {})
        for key in ("normalized", "converted", "redirects"):
            for step in query.get(key, []):
                self.steps[step["from"]] = step["to"]
                if key == "redirects":
                    self.redirects.add(step["from"])
        for link in query.get("interwiki", []):
            self.interwiki[link["title"]] = link.get("iw", "")
        for page in query.get("pages", []):
            _merge(self.pages.setdefault(page["title"], {}), page)

    def facts_for(self, title: str, with_pageviews: bool) -> PageFacts:
        """Follow normalization, variant conversion and redirects from the input."""
        current, redirected, seen = title, False, {title}
        while current in self.steps:
            redirected = redirected or current in self.redirects
            current = self.steps[current]
            if current in seen:  # a redirect loop: stop where it closes
                break
            seen.add(current)

        if current in self.interwiki:
            reason = f"links to another wiki (prefix '{self.interwiki[current]}:')"
            return _invalid(title, reason)
        page = self.pages.get(current)
        if page is None:
            return _invalid(title, "the wiki's answer did not mention this title")
        return _facts(title, page, redirected, with_pageviews)


def _facts(title: str, page: Page, redirected: bool, with_pageviews: bool) -> PageFacts:
    if page.get("invalid"):
        return _invalid(title, str(page.get("invalidreason") or "invalid title"))
    exists = bool(page.get("pageid")) and not page.get("missing")
    revision = (page.get("revisions") or [{}])[0]
    views = page.get("pageviews") if with_pageviews and exists else None
    return PageFacts(
        input_title=title,
        title=page["title"],
        exists=exists,
        redirected_from=title if redirected else None,
        page_id=page.get("pageid") if exists else None,
        rev_id=revision.get("revid"),
        last_edit=_timestamp(revision.get("timestamp")),
        language_editions=int(page.get("langlinkscount", 0)),
        wikidata_item=(page.get("pageprops") or {}).get("wikibase_item"),
        pageviews=_sum_views(views) if isinstance(views, dict) else None,
    )


def _invalid(title: str, reason: str) -> PageFacts:
    return PageFacts(
        input_title=title, title=title, exists=False, invalid_reason=reason
    )


def _unusable(title: str) -> str | None:
    """Why a title cannot be sent at all.

    `|` would split it into two titles, and a leading U+001F would make the API
    read the whole `titles` value as U+001F-separated; MediaWiki refuses control
    characters in titles anyway.
    """
    if not title.strip():
        return "empty title"
    if "|" in title:
        return "titles cannot contain '|'"
    if _CONTROL_RE.search(title):
        return "titles cannot contain control characters"
    return None


def _page_facts_params(titles: Sequence[str], pageviews: bool) -> dict[str, Any]:
    # No rvlimit: with several titles the API refuses it, and without it each page
    # gets exactly its latest revision.
    props = ["info", "revisions", "pageprops", "langlinkscount"]
    params: dict[str, Any] = {
        "action": "query",
        "redirects": 1,
        # Titles typed in another script variant (zh, sr, kk, …) find their page.
        "converttitles": 1,
        "titles": "|".join(titles),
        "rvprop": "ids|timestamp|size",
        "ppprop": "wikibase_item|disambiguation",
    }
    if pageviews:
        props.append("pageviews")
        params["pvipdays"] = PAGEVIEW_DAYS
    params["prop"] = "|".join(props)
    return params


def _merge(into: Page, page: Page) -> None:
    """Merge one continuation's view of a page: props arrive in different answers."""
    for key, value in page.items():
        old = into.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            old.update(value)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(value)
        else:
            into[key] = value


def _warns_unrecognized_pageviews(warnings: Any) -> bool:
    """True when the wiki ignored prop=pageviews (no PageViewInfo extension).

    formatversion=2 puts the text under warnings.<module>.warnings, e.g.
    'Unrecognized value for parameter "prop": pageviews.'; the search is
    structure-blind so other warning layouts are caught too.
    """
    return any(
        "nrecognized" in text and "pageviews" in text for text in _strings(warnings)
    )


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sum_views(days: dict[str, int | None]) -> int:
    """Views over the days; null days (no data yet) are skipped."""
    return sum(count for count in days.values() if count)


def _timestamp(value: str | None) -> datetime | None:
    # MediaWiki timestamps are UTC with a trailing Z, e.g. 2024-05-01T12:00:00Z.
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _pages_of(page: Page) -> int:
    """Articles in a category page's categoryinfo; absent when it has none."""
    return int((page.get("categoryinfo") or {}).get("pages", 0))


def _without_namespace(title: str) -> str:
    return title.partition(":")[2] or title


def _namespace_key(name: str) -> str:
    return name.replace("_", " ").strip().casefold()


def _is_language_code(lang: str) -> bool:
    return LANGUAGE_CODE.fullmatch(lang) is not None
