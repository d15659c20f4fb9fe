"""Value types shared by the Wikimedia clients, the domain and the presentation.

Pure data: no I/O, no Streamlit. One `ArticleReport` per input title is the unit
everything else (table, detail view, exports, cache) works with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The language-agnostic quality model's features, in the model's own order
# (LiftWing articlequality, extended_output).
FEATURE_NAMES: tuple[str, ...] = (
    "characters",
    "refs",
    "wikilinks",
    "categories",
    "media",
    "headings",
    "sources",
    "infobox",
    "messagebox",
)

# Names of the sources a report is built from; used in `SourceError.source`.
SOURCES: tuple[str, ...] = ("mediawiki", "pageviews", "quality", "topics", "countries")


@dataclass(frozen=True)
class Feature:
    """One quality feature: the raw count and its normalized value (0..1 or bool)."""

    raw: float | bool
    normalized: float | bool


@dataclass(frozen=True)
class Quality:
    """LiftWing articlequality for one revision."""

    rev_id: int
    score: float
    label: str
    features: dict[str, Feature]


@dataclass(frozen=True)
class Topic:
    """One outlink-topic-model prediction, e.g. `STEM.Physics`."""

    label: str
    score: float


@dataclass(frozen=True)
class Country:
    """One article-country prediction."""

    name: str
    score: float


@dataclass(frozen=True)
class SourceError:
    """A source that failed for one article; the rest of the report still stands."""

    source: str
    message: str


@dataclass(frozen=True)
class PageFacts:
    """What the Action API says about one requested title."""

    input_title: str
    title: str
    exists: bool
    redirected_from: str | None = None
    invalid_reason: str | None = None
    page_id: int | None = None
    rev_id: int | None = None
    last_edit: datetime | None = None
    language_editions: int = 0
    wikidata_item: str | None = None
    pageviews: int | None = None


@dataclass(frozen=True)
class CategoryMatch:
    """A category offered by autocomplete, with its number of member pages."""

    title: str
    pages: int


@dataclass(frozen=True)
class ArticleReport:
    """Everything known about one input title."""

    input_title: str
    lang: str
    title: str
    url: str | None = None
    exists: bool = False
    redirected_from: str | None = None
    invalid_reason: str | None = None
    page_id: int | None = None
    rev_id: int | None = None
    last_edit: datetime | None = None
    days_since_edit: int | None = None
    language_editions: int | None = None
    wikidata_item: str | None = None
    pageviews: int | None = None
    quality_score: float | None = None
    quality_class: str | None = None
    features: dict[str, Feature] = field(default_factory=dict)
    tasks: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    countries: tuple[Country, ...] = ()
    errors: tuple[SourceError, ...] = ()
    duplicates_removed: int = 0

    @property
    def status(self) -> str:
        """`ok`, `missing`, `invalid` or `error` (the page facts could not be read)."""
        if self.invalid_reason:
            return "invalid"
        if any(e.source == "mediawiki" for e in self.errors):
            return "error"
        return "ok" if self.exists else "missing"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the command line (keys are a public interface)."""
        return {
            "input_title": self.input_title,
            "title": self.title,
            "lang": self.lang,
            "url": self.url,
            "exists": self.exists,
            "status": self.status,
            "redirected_from": self.redirected_from,
            "invalid_reason": self.invalid_reason,
            "page_id": self.page_id,
            "rev_id": self.rev_id,
            "last_edit": _iso(self.last_edit),
            "days_since_edit": self.days_since_edit,
            "language_editions": self.language_editions,
            "wikidata_item": self.wikidata_item,
            "pageviews": self.pageviews,
            "quality_score": self.quality_score,
            "quality_class": self.quality_class,
            "features": {
                name: {"raw": f.raw, "normalized": f.normalized}
                for name, f in self.features.items()
            },
            "tasks": list(self.tasks),
            "topics": [{"label": t.label, "score": t.score} for t in self.topics],
            "countries": [{"name": c.name, "score": c.score} for c in self.countries],
            "errors": [{"source": e.source, "message": e.message} for e in self.errors],
            "duplicates_removed": self.duplicates_removed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleReport:
        """Inverse of `to_dict` (used by the cache and the tests)."""
        last_edit = data.get("last_edit")
        return cls(
            input_title=data["input_title"],
            lang=data["lang"],
            title=data["title"],
            url=data.get("url"),
            exists=bool(data.get("exists")),
            redirected_from=data.get("redirected_from"),
            invalid_reason=data.get("invalid_reason"),
            page_id=data.get("page_id"),
            rev_id=data.get("rev_id"),
            last_edit=datetime.fromisoformat(last_edit) if last_edit else None,
            days_since_edit=data.get("days_since_edit"),
            language_editions=data.get("language_editions"),
            wikidata_item=data.get("wikidata_item"),
            pageviews=data.get("pageviews"),
            quality_score=data.get("quality_score"),
            quality_class=data.get("quality_class"),
            features={
                name: Feature(raw=f["raw"], normalized=f["normalized"])
                for name, f in (data.get("features") or {}).items()
            },
            tasks=tuple(data.get("tasks") or ()),
            topics=tuple(Topic(**t) for t in data.get("topics") or ()),
            countries=tuple(Country(**c) for c in data.get("countries") or ()),
            errors=tuple(SourceError(**e) for e in data.get("errors") or ()),
            duplicates_removed=int(data.get("duplicates_removed") or 0),
        )


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, as MediaWiki writes timestamps."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
