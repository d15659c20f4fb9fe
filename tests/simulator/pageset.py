"""The pages one Action API query is about, and what each prop module adds.

`PageSet.from_titles` does ApiPageSet's work for `titles=`: normalization
(reported in `query.normalized`), redirect resolution (`query.redirects`),
missing and invalid titles. The prop functions return the fields one module
adds to one page object of `query.pages`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tests.simulator.params import split
from tests.simulator.wiki import NO_TEXT, Article, Redirect, Wiki

PageObject = dict[str, Any]


@dataclass
class Slot:
    """One entry of `query.pages`: an existing page, a missing or invalid title."""

    title: str  # the normalized title; for an invalid title, as sent
    ns: int = 0
    page: Article | None = None
    is_redirect: bool = False  # the redirect page itself (no `redirects=`)
    invalid_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. prefixsearch `index`

    @property
    def dbkey(self) -> str:
        return self.title.replace(" ", "_")

    def base(self) -> PageObject:
        """The fields every page object has, whatever the props."""
        if self.invalid_reason is not None:
            return {
                "title": self.title,
                "invalidreason": self.invalid_reason,
                "invalid": True,
            }
        if self.page is None:
            return {"ns": self.ns, "title": self.title, "missing": True, **self.extra}
        return {
            "pageid": self.page.pageid,
            "ns": self.ns,
            "title": self.title,
            **self.extra,
        }


@dataclass
class PageSet:
    """The page objects of one query and how the requested titles became them."""

    slots: list[Slot] = field(default_factory=list)
    normalized: list[dict[str, Any]] = field(default_factory=list)
    redirects: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_titles(cls, wiki: Wiki, titles: Iterable[str], resolve: bool) -> PageSet:
        """What `titles=A|B|…` (and `redirects`) makes of the titles."""
        pageset = cls()
        seen: set[str] = set()
        for raw in titles:
            parsed = wiki.parse(raw)
            if parsed.invalid_reason is not None:
                if raw not in seen:
                    seen.add(raw)
                    pageset.slots.append(
                        Slot(raw, invalid_reason=parsed.invalid_reason)
                    )
                continue
            if parsed.text != raw:
                pageset._note_normalized(raw, parsed.text)
            slot = pageset._resolve(wiki, parsed.text, parsed.ns, resolve)
            if slot.title not in seen:
                seen.add(slot.title)
                pageset.slots.append(slot)
        return pageset

    @classmethod
    def from_pages(cls, pages: Iterable[tuple[Article, dict[str, Any]]]) -> PageSet:
        """The pages a generator produced, with the fields it adds (like `index`)."""
        return cls([Slot(p.title, p.ns, p, extra=extra) for p, extra in pages])

    def ordered(self) -> list[Slot]:
        """MediaWiki's order, not the input order: invalid and missing titles,
        then existing pages by page id. Clients must match by title."""
        invalid = [s for s in self.slots if s.invalid_reason is not None]
        missing = [s for s in self.slots if s.page is None and s.invalid_reason is None]
        existing = [s for s in self.slots if s.page is not None]
        existing.sort(key=lambda s: s.page.pageid if s.page else 0)
        return invalid + missing + existing

    def _note_normalized(self, raw: str, title: str) -> None:
        entry = {"fromencoded": False, "from": raw, "to": title}
        if entry not in self.normalized:
            self.normalized.append(entry)

    def _resolve(self, wiki: Wiki, title: str, ns: int, resolve: bool) -> Slot:
        if not resolve:
            redirect = wiki.redirects.get(title)
            if redirect:
                return Slot(title, ns, redirect_page(redirect), is_redirect=True)
            return Slot(title, ns, wiki.page(title))
        target, hops = wiki.resolve(title)
        for hop in hops:
            entry = {"from": hop.title, "to": hop.target}
            if hop.fragment:
                entry["tofragment"] = hop.fragment
            if entry not in self.redirects:
                self.redirects.append(entry)
        page = wiki.page(target)
        return Slot(target, page.ns if page else ns, page)


def redirect_page(redirect: Redirect) -> Article:
    """A redirect's own page, for queries that do not resolve redirects."""
    return Article(
        title=redirect.title,
        pageid=redirect.pageid,
        revid=redirect.revid,
        age=timedelta(days=2200),
        length=len(f"#REDIRECT [[{redirect.target}]]".encode()),
        langlinks=0,
        wikidata_item=None,
        views=2,
        features=NO_TEXT,
    )


@dataclass(frozen=True)
class PropContext:
    """What a prop module needs besides the page."""

    wiki: Wiki
    params: Mapping[str, str]
    now: datetime


def iso(moment: datetime) -> str:
    """MediaWiki's timestamp format (ISO 8601, UTC, trailing Z)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def info(slot: Slot, context: PropContext) -> PageObject:
    wiki = context.wiki
    fields: PageObject = {
        "contentmodel": "wikitext",
        "pagelanguage": wiki.lang,
        "pagelanguagehtmlcode": wiki.lang,
        "pagelanguagedir": wiki.direction,
    }
    if slot.page is None:
        return fields
    fields["touched"] = iso(slot.page.touched(context.now))
    fields["lastrevid"] = slot.page.revid
    fields["length"] = slot.page.length
    if slot.is_redirect:
        fields["redirect"] = True
    return fields


def revisions(slot: Slot, context: PropContext) -> PageObject:
    """The latest revision (no `rvlimit`): rvprop ids, flags, timestamp, user,
    size and comment, in the order MediaWiki writes them."""
    page = slot.page
    if page is None:
        return {}
    wanted = split(context.params.get("rvprop", "ids|timestamp|flags|comment|user"))
    revision: PageObject = {}
    if "ids" in wanted:
        revision.update(revid=page.revid, parentid=page.parentid)
    if "flags" in wanted:
        revision["minor"] = False
    if "user" in wanted:
        revision["user"] = "Example editor"
    if "timestamp" in wanted:
        revision["timestamp"] = iso(page.last_edit(context.now))
    if "size" in wanted:
        revision["size"] = page.length
    if "comment" in wanted:
        revision["comment"] = ""
    return {"revisions": [revision]}


def pageprops(slot: Slot, context: PropContext) -> PageObject:
    page = slot.page
    if page is None:
        return {}
    props: dict[str, str] = {}
    if page.wikidata_item:
        props["wikibase_item"] = page.wikidata_item
    if page.disambiguation:
        props["disambiguation"] = ""
    if "ppprop" in context.params:
        wanted = split(context.params["ppprop"])
        props = {name: value for name, value in props.items() if name in wanted}
    return {"pageprops": props} if props else {}


def langlinkscount(slot: Slot, context: PropContext) -> PageObject:
    """No key at all for a page without language links."""
    if slot.page is None or not slot.page.langlinks:
        return {}
    return {"langlinkscount": slot.page.langlinks}


def categoryinfo(slot: Slot, context: PropContext) -> PageObject:
    category = context.wiki.categories.get(slot.title)
    return {"categoryinfo": category.info} if category else {}


PROP_MODULES: dict[str, Callable[[Slot, PropContext], PageObject]] = {
    "info": info,
    "revisions": revisions,
    "pageprops": pageprops,
    "langlinkscount": langlinkscount,
    "categoryinfo": categoryinfo,
}
