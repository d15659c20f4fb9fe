"""The detail view's numbers: one card per quality feature, and the overall score.

Eight cards, one for each feature a task type is built on (LiftWing's `sources`
drives no task and is told inside the References card). Numeric features show
their normalized value (0..1, per-wiki maxima) as a bar and a percentage, with the
raw count below; `infobox` and `messagebox` are yes/no.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from microtask.models import ArticleReport, Feature
from microtask.tasks import TASK_TYPES, visible_tasks
from microtask.ui.text import feature_percent

CARDS_PER_ROW = 4

# (feature, card label, unit of the raw count), in reading order.
CARD_FEATURES: tuple[tuple[str, str, str], ...] = (
    ("characters", "Length", "characters of prose"),
    ("refs", "References", "citations"),
    ("wikilinks", "Internal links", "links to other articles"),
    ("headings", "Sections", "section headings"),
    ("media", "Images and media", "images, audio or video"),
    ("categories", "Categories", "categories"),
    ("infobox", "Infobox", ""),
    ("messagebox", "Maintenance messages", ""),
)

_YES_NO_DETAIL: dict[str, tuple[str, str]] = {
    "infobox": ("The lead has an infobox", "No infobox in the lead"),
    "messagebox": ("A maintenance message is shown", "No maintenance message"),
}


@dataclass(frozen=True)
class FeatureCard:
    feature: str
    label: str
    progress: float | None  # 0..1 for a bar; None for yes/no or no data
    value: str  # "47%", "Yes", "No" or "—"
    detail: str  # the raw count, or what yes/no means
    task: str | None = None  # title of the task this feature suggests, if shown


@dataclass(frozen=True)
class QualitySummary:
    progress: float | None
    text: str


def feature_cards(report: ArticleReport, enabled: frozenset[str]) -> list[FeatureCard]:
    """The eight cards for one article; all "—" when quality is unavailable."""
    shown_tasks = set(visible_tasks(report.tasks, enabled))
    task_of = {t.feature: t.title for t in TASK_TYPES if t.id in shown_tasks}
    cards = []
    for name, label, unit in CARD_FEATURES:
        feature = report.features.get(name)
        task = task_of.get(name)
        if feature is None:
            cards.append(FeatureCard(name, label, None, "—", "Not available", task))
        elif name in _YES_NO_DETAIL:
            cards.append(_yes_no_card(name, label, feature, task))
        else:
            detail = _raw_detail(feature, unit)
            if name == "refs" and "sources" in report.features:
                sources = report.features["sources"].raw
                detail += f", {_count(sources)} unique sources"
            value = float(feature.normalized)
            cards.append(
                FeatureCard(name, label, value, feature_percent(value), detail, task)
            )
    return cards


def _yes_no_card(
    name: str, label: str, feature: Feature, task: str | None
) -> FeatureCard:
    present = bool(feature.normalized)
    yes, no = _YES_NO_DETAIL[name]
    return FeatureCard(
        name, label, None, "Yes" if present else "No", yes if present else no, task
    )


def _raw_detail(feature: Feature, unit: str) -> str:
    return f"{_count(feature.raw)} {unit}"


def _count(raw: float | bool) -> str:
    return f"{round(float(raw)):,}"


def card_rows(
    cards: Sequence[FeatureCard], per_row: int = CARDS_PER_ROW
) -> list[list[FeatureCard]]:
    """Cards cut into rows, one `st.columns` call each.

    On a phone Streamlit stacks columns one under the other, column by column: a
    single call for all cards would read 1, 5, 2, 6…; one call per row keeps 1..8.
    """
    return [list(cards[i : i + per_row]) for i in range(0, len(cards), per_row)]


def quality_summary(report: ArticleReport) -> QualitySummary:
    if report.quality_score is None:
        return QualitySummary(None, "Quality: not available")
    score = report.quality_score
    return QualitySummary(
        max(0.0, min(1.0, score)),
        f"Quality: {report.quality_class or '?'} · score {score:.2f}",
    )
