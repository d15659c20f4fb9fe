"""The Action API of one simulated wiki: `action=query`, formatversion 2.

Supported: `titles=` with `redirects` and the props info, revisions, pageprops,
langlinkscount, pageviews (PageViewInfo) and categoryinfo; `list=categorymembers`;
the generators categorymembers and prefixsearch; `meta=siteinfo` (general,
namespaces, namespacealiases). Continuation follows
ApiContinuationManager: the client sends every key of `continue` back; modules
named in `continue` after "||" are finished and are not run again, so on a
page-views continuation only `pageviews` adds data to the page objects.

Not simulated (a clear answer instead): other actions, `format` other than json
(an HTML page, as `jsonfm` would give), formatversion 1 (HTTP 400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web

from tests.simulator import responses
from tests.simulator.config import SimulatorConfig
from tests.simulator.listings import Listing, category_members, prefix_search
from tests.simulator.pageset import PROP_MODULES, PageObject, PageSet, PropContext, Slot
from tests.simulator.params import ApiFailure, integer, split
from tests.simulator.siteinfo import siteinfo
from tests.simulator.wiki import Article, Wiki

TITLES_LIMIT = 50  # without apihighlimits (anonymous clients)
TITLES_LIMIT_HIGH = 500
PAGEVIEWS_MAX_DAYS = 60  # $wgPageViewApiMaxDays
KNOWN_PROPS = (*PROP_MODULES, "pageviews")


@dataclass(frozen=True)
class Generated:
    """A generator's pages and the continuation parameter it would send."""

    key: str
    listing: Listing


def answer(
    wiki: Wiki, params: Mapping[str, str], config: SimulatorConfig
) -> web.Response:
    """Answer one api.php request."""
    if params.get("format") != "json":
        return _html_result()
    if params.get("formatversion") != "2":
        text = "This simulator answers formatversion=2 only; send formatversion=2."
        return web.Response(status=400, text=text)
    action = params.get("action", "")
    if action != "query":
        info = f'Unrecognized value for parameter "action": {action}.'
        return responses.api_error(wiki.lang, "badvalue", info)
    try:
        return responses.json_response(_query(wiki, params, config))
    except ApiFailure as failure:
        return responses.api_error(
            wiki.lang, failure.code, failure.info, **failure.extra
        )


def _query(
    wiki: Wiki, params: Mapping[str, str], config: SimulatorConfig
) -> dict[str, Any]:
    meta = params.get("meta")
    if meta:
        if meta != "siteinfo":
            info = f'Unrecognized value for parameter "meta": {meta}.'
            raise ApiFailure("badvalue", info)
        return {"batchcomplete": True, "query": siteinfo(wiki, params)}
    lists = split(params.get("list"))
    if lists:
        if lists != ["categorymembers"]:
            raise ApiFailure(
                "badvalue", f'Unrecognized value for parameter "list": {lists[0]}.'
            )
        return _list_category_members(wiki, params)

    warnings: list[str] = []
    props = split(params.get("prop"))
    for unknown in [p for p in props if p not in KNOWN_PROPS]:
        warnings.append(f'Unrecognized value for parameter "prop": {unknown}.')
    props = [p for p in props if p in KNOWN_PROPS]

    generated = _generate(wiki, params)
    if generated:
        pageset = _generated_pageset(wiki, generated, params)
        warnings += generated.listing.warnings
    else:
        titles = _titles(params, config, warnings)
        pageset = PageSet.from_titles(wiki, titles, resolve="redirects" in params)
    _refuse_rvlimit_for_many(params, pageset)

    finished = _finished_modules(params)
    context = PropContext(wiki, params, config.current_time())
    slots = pageset.ordered()
    pages = [slot.base() for slot in slots]
    for name in props:
        if name in finished or name == "pageviews":
            continue
        for slot, page in zip(slots, pages, strict=True):
            if slot.invalid_reason is None:
                page.update(PROP_MODULES[name](slot, context))

    pending = None
    if "pageviews" in props and "pageviews" not in finished:
        pending = _add_pageviews(slots, pages, params, config)
    return _body(pageset, pages, props, pending, generated, params, warnings)


def _body(
    pageset: PageSet,
    pages: list[PageObject],
    props: list[str],
    pageviews_next: str | None,
    generated: Generated | None,
    params: Mapping[str, str],
    warnings: list[str],
) -> dict[str, Any]:
    """Assemble batchcomplete, continue, warnings and query."""
    body: dict[str, Any] = {}
    if pageviews_next is not None:
        # Props are not done: the generator must produce the same batch again,
        # so its continuation value is the one the client sent.
        cont: dict[str, str] = {}
        if generated and params.get(generated.key):
            cont[generated.key] = params[generated.key]
        cont["pvipcontinue"] = pageviews_next
        done = [p for p in props if p != "pageviews"]
        cont["continue"] = "||" + "|".join(done)
        body["continue"] = cont
    else:
        body["batchcomplete"] = True
        if generated and generated.listing.next:
            body["continue"] = {
                generated.key: generated.listing.next,
                "continue": f"{generated.key}||",
            }
    if warnings:
        body["warnings"] = {"query": {"warnings": "\n".join(warnings)}}

    query: dict[str, Any] = {}
    if pageset.normalized:
        query["normalized"] = pageset.normalized
    if pageset.redirects:
        query["redirects"] = pageset.redirects
    if pages:
        query["pages"] = pages
    if query:
        body["query"] = query
    return body


def _titles(
    params: Mapping[str, str], config: SimulatorConfig, warnings: list[str]
) -> list[str]:
    """The `titles=` values, refused or cut at 50 the way MediaWiki does."""
    titles = split(params.get("titles")) if "titles" in params else []
    if len(titles) <= TITLES_LIMIT:
        return titles
    info = (
        f'Too many values supplied for parameter "titles". The limit is {TITLES_LIMIT}.'
    )
    if config.titles_limit == "error":
        raise ApiFailure(
            "toomanyvalues",
            info,
            limit=TITLES_LIMIT,
            lowlimit=TITLES_LIMIT,
            highlimit=TITLES_LIMIT_HIGH,
        )
    warnings.append(info)
    return titles[:TITLES_LIMIT]


def _generate(wiki: Wiki, params: Mapping[str, str]) -> Generated | None:
    generator = params.get("generator")
    if not generator:
        return None
    if generator == "categorymembers":
        return Generated("gcmcontinue", category_members(wiki, params, "gcm"))
    if generator == "prefixsearch":
        return Generated("gpsoffset", prefix_search(wiki, params))
    raise ApiFailure(
        "badvalue", f'Unrecognized value for parameter "generator": {generator}.'
    )


def _generated_pageset(
    wiki: Wiki, generated: Generated, params: Mapping[str, str]
) -> PageSet:
    """The generator's pages; prefixsearch also gives each its rank (`index`)."""
    offset = integer(params, "gpsoffset", 0)
    pages = []
    for rank, row in enumerate(generated.listing.rows):
        page = wiki.page(row.title)
        if page is None:  # a listed page the corpus does not hold (a template)
            continue
        extra = {"index": offset + rank + 1} if generated.key == "gpsoffset" else {}
        pages.append((page, extra))
    return PageSet.from_pages(pages)


def _list_category_members(wiki: Wiki, params: Mapping[str, str]) -> dict[str, Any]:
    listing = category_members(wiki, params, "cm")
    body: dict[str, Any] = {"batchcomplete": True}
    if listing.next:
        body["continue"] = {"cmcontinue": listing.next, "continue": "-||"}
    if listing.warnings:
        body["warnings"] = {
            "categorymembers": {"warnings": "\n".join(listing.warnings)}
        }
    rows = [{"pageid": m.pageid, "ns": m.ns, "title": m.title} for m in listing.rows]
    body["query"] = {"categorymembers": rows}
    return body


def _refuse_rvlimit_for_many(params: Mapping[str, str], pageset: PageSet) -> None:
    """`rvlimit` asks for several revisions of one page; MediaWiki refuses it
    with several pages (without it, each page gets its latest revision)."""
    if "rvlimit" not in params or "revisions" not in split(params.get("prop")):
        return
    if sum(1 for slot in pageset.slots if slot.page) > 1:
        raise ApiFailure(
            "multpages",
            "titles, pageids or a generator was used to supply multiple pages, but "
            "the rvlimit, rvstartid, rvendid, rvstart, rvend, rvdir, rvuser, "
            "rvexcludeuser, rvtag, and rvcontinue parameters may only be used on a "
            "single page.",
        )


def _finished_modules(params: Mapping[str, str]) -> set[str]:
    """Modules the client's `continue` value marks as done ("||a|b")."""
    value = params.get("continue", "")
    if "||" not in value:
        return set()
    return set(split(value.split("||", 1)[1]))


def _add_pageviews(
    slots: list[Slot],
    pages: list[PageObject],
    params: Mapping[str, str],
    config: SimulatorConfig,
) -> str | None:
    """ApiQueryPageViews: titles sorted by DB key, at most a few per call.

    Returns the `pvipcontinue` value (the DB key of the first title left out),
    or None when every title got its data.
    """
    days = min(integer(params, "pvipdays", PAGEVIEWS_MAX_DAYS), PAGEVIEWS_MAX_DAYS)
    start = params.get("pvipcontinue", "")
    candidates = sorted(
        (slot.dbkey, index)
        for index, slot in enumerate(slots)
        if slot.invalid_reason is None and slot.dbkey >= start
    )
    today = config.current_time().date()
    for position, (dbkey, index) in enumerate(candidates):
        if position == config.pageviews_per_call:
            return dbkey
        article = slots[index].page
        pages[index]["pageviews"] = {
            (today - timedelta(days=ago)).isoformat(): _views(article, ago, config)
            for ago in range(days, 0, -1)
        }
    return None


def _views(
    article: Article | None, days_ago: int, config: SimulatorConfig
) -> int | None:
    """PageViewInfo reports a day without data (or without views) as null."""
    if article is None or days_ago <= config.pageviews_lag_days:
        return None
    views = article.views_on(days_ago)
    return views or None


def _html_result() -> web.Response:
    html = (
        "<!DOCTYPE html>\n<html><head><title>MediaWiki API result</title></head>"
        "<body><p>This is the HTML representation of the JSON format. Add "
        "format=json (and formatversion=2) to get JSON.</p></body></html>"
    )
    return web.Response(text=html, content_type="text/html")
