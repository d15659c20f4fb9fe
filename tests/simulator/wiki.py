"""What one simulated Wikipedia holds: articles, redirects and categories.

Plain data plus the look-ups the handlers need. Times are stored as ages
relative to "now" so that "days since the last edit" and "views in the last 30
days" stay the same whichever day the tests run; `SimulatorConfig.now` can pin
"now" itself.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from tests.simulator.quality import RawFeatures
from tests.simulator.titles import ParsedTitle, parse_title

MemberKind = Literal["page", "subcat", "file"]
# A page without paragraph text (a list made of tables, a category page).
NO_TEXT = RawFeatures(0, 0, 0, 0, 0, 0, 0, False, False)
# MediaWiki lists a category's members by type first, in this order.
KIND_ORDER: dict[str, int] = {"page": 0, "subcat": 1, "file": 2}


@dataclass(frozen=True)
class CountryFact:
    """One article-country result and the evidence LiftWing would show for it."""

    name: str
    score: float
    wikidata_properties: tuple[tuple[str, str], ...] = ()
    categories: tuple[str, ...] = ()
    links: int = 0  # outlinks to pages about the country; 0 means no link evidence


@dataclass(frozen=True)
class Article:
    """A page in the main namespace and everything the services say about it."""

    title: str
    pageid: int
    revid: int
    age: timedelta  # since the last edit
    length: int  # wikitext bytes, as `info.length` and `revisions[].size` report
    langlinks: int
    wikidata_item: str | None
    views: int  # typical human views per day
    features: RawFeatures  # characters == 0: LiftWing cannot score the revision
    topics: tuple[tuple[str, float], ...] = ()  # every label with its score
    countries: tuple[CountryFact, ...] = ()
    disambiguation: bool = False
    ns: int = 0

    @property
    def parentid(self) -> int:
        """The previous revision; any smaller id will do for a client."""
        return self.revid - 1 - self.pageid % 9973

    def last_edit(self, now: datetime) -> datetime:
        return (now - self.age).replace(microsecond=0)

    def touched(self, now: datetime) -> datetime:
        """`info.touched` is a cache time: later than the last edit, never the same."""
        return min(now, self.last_edit(now) + timedelta(hours=5, minutes=17))

    def views_on(self, days_ago: int) -> int:
        """Human views on the day `days_ago` days before today (deterministic).

        A quiet article gets days with 0 views: the REST API leaves those days
        out, and PageViewInfo reports them as null.
        """
        weekday = 1.15 if days_ago % 7 in (1, 2) else 1.0
        noise = zlib.crc32(f"{self.title}|{days_ago}".encode()) / 0x100000000
        return int(self.views * weekday * (0.5 + noise))


@dataclass(frozen=True)
class Redirect:
    """A redirect page; `fragment` is the section the redirect points into."""

    title: str
    target: str
    pageid: int
    revid: int
    fragment: str | None = None
    ns: int = 0


@dataclass(frozen=True)
class Member:
    """One row of a category listing (categorylinks)."""

    title: str
    ns: int
    pageid: int
    sortkey: str
    kind: MemberKind = "page"


@dataclass(frozen=True)
class Category:
    """A category page and its members, listed in MediaWiki's order."""

    title: str  # with the wiki's local namespace name
    pageid: int
    members: tuple[Member, ...] = ()
    hidden: bool = False

    @property
    def info(self) -> dict[str, int | bool]:
        """The `categoryinfo` object: counts by member type."""
        pages = sum(1 for m in self.members if m.kind == "page")
        subcats = sum(1 for m in self.members if m.kind == "subcat")
        files = sum(1 for m in self.members if m.kind == "file")
        return {
            "size": len(self.members),
            "pages": pages,
            "files": files,
            "subcats": subcats,
            "hidden": self.hidden,
        }


def member(page: Article, kind: MemberKind = "page") -> Member:
    """A category row for a page, with MediaWiki's default sort key."""
    return Member(page.title, page.ns, page.pageid, sortkey_of(_name(page)), kind)


def sortkey_of(name: str) -> str:
    """The "uppercase" collation: what a category sorts by unless told otherwise."""
    return name.upper()


@dataclass
class Wiki:
    """One language edition of Wikipedia."""

    lang: str
    direction: Literal["ltr", "rtl"]
    namespaces: dict[int, str]  # local names of the namespaces pages use
    aliases: dict[str, int] = field(default_factory=dict)  # e.g. "WP" -> 4
    pages: dict[str, Article] = field(default_factory=dict)  # by title, all namespaces
    redirects: dict[str, Redirect] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    # Pages made up on demand (the synthetic articles), by title or revision id.
    extra_page: Callable[[str, str], Article | None] = lambda lang, title: None
    extra_revision: Callable[[str, int], Article | None] = lambda lang, revid: None

    def parse(self, raw: str) -> ParsedTitle:
        return parse_title(raw, self.namespaces, self.aliases)

    def category_title(self, name: str) -> str:
        """`Felids` -> `Category:Felids` in this wiki's namespace name."""
        return f"{self.namespaces[14]}:{name}"

    def page(self, title: str) -> Article | None:
        """The page with this normalized title (articles and category pages)."""
        return self.pages.get(title) or self.extra_page(self.lang, title)

    def by_revid(self, revid: int) -> Article | None:
        """The article whose latest revision is `revid` (what LiftWing fetches)."""
        for article in self.pages.values():
            if article.revid == revid:
                return article
        return self.extra_revision(self.lang, revid)

    def resolve(self, title: str) -> tuple[str, list[Redirect]]:
        """Follow redirects from `title`; MediaWiki also follows double redirects."""
        hops: list[Redirect] = []
        while (redirect := self.redirects.get(title)) and len(hops) < 10:
            hops.append(redirect)
            title = redirect.target
        return title, hops

    def add(self, *articles: Article) -> None:
        for article in articles:
            self.pages[article.title] = article

    def add_redirects(self, *redirects: Redirect) -> None:
        for redirect in redirects:
            self.redirects[redirect.title] = redirect

    def add_category(self, category: Category) -> None:
        """Store a category in MediaWiki's listing order, and its page."""
        rows = sorted(
            category.members,
            key=lambda m: (KIND_ORDER[m.kind], m.sortkey, m.pageid),
        )
        self.categories[category.title] = Category(
            category.title, category.pageid, tuple(rows), category.hidden
        )
        self.pages[category.title] = category_page(category)

    def prefix_search(self, text: str, ns: int) -> list[Article]:
        """Pages of namespace `ns` whose name starts with `text`, best first.

        A simplification of CirrusSearch's completion suggester: case-insensitive
        prefix match without typo tolerance; categories ranked by their number of
        members, articles by their page views. Synthetic articles are not found.
        """
        wanted = text.casefold()
        found = [
            page
            for page in self.pages.values()
            if page.ns == ns and _name(page).casefold().startswith(wanted)
        ]
        return sorted(found, key=lambda page: (-self._weight(page), page.title))

    def _weight(self, page: Article) -> int:
        category = self.categories.get(page.title)
        return len(category.members) if category else page.views


def _name(page: Article) -> str:
    """The title without its namespace prefix."""
    return page.title.split(":", 1)[1] if page.ns else page.title


def members_of(wiki: Wiki, titles: Iterable[str]) -> tuple[Member, ...]:
    """Category rows for pages already in the wiki (subcategories included)."""
    rows = []
    for title in titles:
        page = wiki.pages[title]
        rows.append(member(page, "subcat" if page.ns == 14 else "page"))
    return tuple(rows)


def category_page(category: Category) -> Article:
    """The page of a category: it has a revision but no article text."""
    return Article(
        title=category.title,
        pageid=category.pageid,
        revid=category.pageid * 13,
        age=timedelta(days=412),
        length=96,
        langlinks=0,
        wikidata_item=None,
        views=1,
        features=NO_TEXT,
        ns=14,
    )
