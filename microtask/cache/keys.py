"""Namespaces, their expiries and the keys stored in them.

A key names one wiki and one revision or page, e.g. `en:1234567` or
`he:אלברט איינשטיין`. Nothing about the MediaWiki page facts is cached: they are
what tells us a page's current revision, so they must always be fresh.
"""

from __future__ import annotations

import re

SECOND = 1.0
HOUR = 3600 * SECOND
DAY = 24 * HOUR

QUALITY = "quality"
PAGEVIEWS = "pageviews"
TOPICS = "topics"
COUNTRIES = "countries"

# LiftWing articlequality scores one fixed revision, and revisions never change, so
# the answer is kept for good. NOTE: the model renders the revision with today's
# templates, so a template edit could nudge `infobox` or `refs`; we accept that.
# A new model version must use a new namespace (e.g. "quality.v2").
QUALITY_TTL: float | None = None

# Page views are daily totals, published once a day and sometimes hours late:
# half a day keeps a dashboard fresh without asking twice for the same day.
PAGEVIEWS_TTL: float = 12 * HOUR

# outlink-topic-model reads the page's current outlinks, and article-country reads
# Wikidata and categories: both move slowly, a week behind is still useful.
TOPICS_TTL: float = 7 * DAY
COUNTRIES_TTL: float = 7 * DAY

_NAMESPACE = re.compile(r"[a-z][a-z0-9_.-]*")
_WIKI = re.compile(r"[a-z][a-z0-9-]*")


def quality_key(wiki_lang: str, rev_id: int) -> str:
    """`en:1234567`: a revision id is unique only within one wiki."""
    if isinstance(rev_id, bool) or not isinstance(rev_id, int) or rev_id <= 0:
        raise ValueError(f"Cache key needs a positive revision id, not {rev_id!r}.")
    return f"{_wiki(wiki_lang)}:{rev_id}"


def page_key(wiki_lang: str, title: str) -> str:
    """`en:Albert Einstein`: MediaWiki reads `_` and space alike, so we store spaces.

    The first letter is left alone: some wikis (Wiktionary) are case-sensitive.
    """
    normalized = title.replace("_", " ").strip()
    if not normalized:
        raise ValueError(f"Cache key needs a page title, not {title!r}.")
    return f"{_wiki(wiki_lang)}:{normalized}"


def check_namespace(namespace: str) -> None:
    """Refuse namespaces that could make two stores' keys collide (`:` splits)."""
    if not _NAMESPACE.fullmatch(namespace):
        raise ValueError(
            f"Cache namespace {namespace!r} is not allowed: use lower-case letters, "
            "digits, '_', '.' or '-', starting with a letter (e.g. 'quality.v2')."
        )


def check_ttl(ttl: float | None) -> None:
    """A time to live is a positive, finite number of seconds, or None (forever)."""
    if ttl is None:
        return
    if isinstance(ttl, bool) or not 0 < ttl < float("inf"):
        raise ValueError(
            f"Cache time to live must be positive seconds or None, not {ttl!r}."
        )


def _wiki(wiki_lang: str) -> str:
    lang = wiki_lang.strip().lower()
    if not _WIKI.fullmatch(lang):
        raise ValueError(
            f"Cache key needs a Wikipedia language code such as 'en' or "
            f"'zh-min-nan', not {wiki_lang!r}."
        )
    return lang
