"""The eight task types and the rule that suggests them from quality features.

A task is suggested from one normalized feature of the language-agnostic quality
model (LiftWing articlequality): a numeric feature at or below the threshold, a
missing infobox, or a maintenance banner. The rule is the one of the original
Microtask Generator (shared/docs/wikimedia.md); `sources` suggests nothing because
it counts the same citations as `refs`, only deduplicated.

Known shortcoming: the learn-more links point to English Wikipedia's help pages.
Most wikis have their own, linked from those pages' interlanguage links; a
per-wiki table would matter once the dashboard is used mostly outside English.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from microtask.models import Feature
from microtask.titles import InputError

_HELP = "https://en.wikipedia.org/wiki/"


@dataclass(frozen=True)
class TaskType:
    """One kind of small edit, explained for a newcomer."""

    id: str
    title: str
    feature: str
    what: str
    why: str
    learn_more: tuple[tuple[str, str], ...]  # (label, url)


def _help(page: str) -> tuple[str, str]:
    return page, _HELP + page.replace(" ", "_")


TASK_TYPES: tuple[TaskType, ...] = (
    TaskType(
        id="references",
        title="Add references",
        feature="refs",
        what="Find a reliable published source for a statement and cite it "
        "right after the sentence it supports.",
        why="Citations let readers check what they read, and statements without "
        "them may be removed.",
        learn_more=(
            _help("Help:Referencing for beginners"),
            _help("Wikipedia:Citing sources"),
        ),
    ),
    TaskType(
        id="wikilinks",
        title="Add internal links",
        feature="wikilinks",
        what="Link the first mention of important terms to the Wikipedia "
        "articles about them.",
        why="Links help readers understand unfamiliar terms and bring visitors "
        "to related articles.",
        learn_more=(
            _help("Wikipedia:Manual of Style/Linking"),
            _help("Help:Link"),
        ),
    ),
    TaskType(
        id="sections",
        title="Improve section headings",
        feature="headings",
        what="Split long stretches of text into sections with short, "
        "descriptive headings.",
        why="Sections give the article a table of contents, so readers can "
        "find the part they need.",
        learn_more=(
            _help("Help:Section"),
            _help("Wikipedia:Manual of Style/Layout"),
        ),
    ),
    TaskType(
        id="media",
        title="Add images or media",
        feature="media",
        what="Add a freely licensed picture, map, diagram or recording, for "
        "example one already on Wikimedia Commons, with a caption.",
        why="A good image shows at a glance what words take a paragraph to describe.",
        learn_more=(
            _help("Help:Pictures"),
            _help("Wikipedia:Images"),
        ),
    ),
    TaskType(
        id="categories",
        title="Add categories",
        feature="categories",
        what="Add the article to the most specific existing categories that "
        "describe its subject.",
        why="Categories connect the article to others on the same subject, so "
        "readers and editors can find it.",
        learn_more=(
            _help("Help:Category"),
            _help("Wikipedia:Categorization"),
        ),
    ),
    TaskType(
        id="expand",
        title="Expand the article",
        feature="characters",
        what="Add missing facts to this short article, in your own words and "
        "with a source for each.",
        why="Short articles leave readers without the basics; a few "
        "well-sourced paragraphs make a real difference.",
        learn_more=(
            _help("Wikipedia:Stub"),
            _help("Wikipedia:Writing better articles"),
        ),
    ),
    TaskType(
        id="maintenance",
        title="Check the maintenance banner",
        feature="messagebox",
        what="Read the notice at the top of the article, fix the problem it "
        "describes, then remove the notice.",
        why="A banner marks a known problem; fixing it is a clear, "
        "well-defined improvement.",
        learn_more=(_help("Help:Maintenance template removal"),),
    ),
    TaskType(
        id="infobox",
        title="Add an infobox",
        feature="infobox",
        what="Add the infobox that similar articles use and fill in the key facts.",
        why="An infobox summarizes the essentials (dates, places, figures) "
        "where readers look first.",
        learn_more=(
            _help("Help:Infobox"),
            _help("Wikipedia:Manual of Style/Infoboxes"),
        ),
    ),
)

TASKS_BY_ID: dict[str, TaskType] = {task.id: task for task in TASK_TYPES}

# Boolean features suggest their task when they have this value; every other
# feature is a number in 0..1 compared with the threshold.
_FLAG_SUGGESTS_TASK: dict[str, bool] = {"infobox": False, "messagebox": True}


def task_type(task_id: str) -> TaskType:
    """The task type with this id, or a KeyError that lists the valid ids."""
    try:
        return TASKS_BY_ID[task_id]
    except KeyError:
        raise KeyError(
            f"Unknown task type {task_id!r}; valid ids are {_valid_ids()}."
        ) from None


def derive_tasks(
    features: Mapping[str, Feature], threshold: float = 0.5
) -> tuple[str, ...]:
    """The ids of the tasks these normalized features suggest, in catalog order.

    A feature the model did not return suggests nothing: no data is not a gap.
    """
    return tuple(
        task.id
        for task in TASK_TYPES
        if task.feature in features
        and _suggests(task.feature, features[task.feature].normalized, threshold)
    )


def visible_tasks(
    tasks: Iterable[str], enabled: Collection[str] | None
) -> tuple[str, ...]:
    """The tasks whose type is enabled, in their order; None enables every type."""
    if enabled is None:
        return tuple(tasks)
    return tuple(task for task in tasks if task in enabled)


def parse_task_ids(text: str) -> frozenset[str]:
    """Task type ids from a comma-separated list such as "references,media".

    Case and spaces are ignored; an empty text selects no task type.
    """
    ids = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = sorted(ids - TASKS_BY_ID.keys())
    if unknown:
        raise InputError(
            f"Unknown task type {', '.join(map(repr, unknown))}. "
            f"Choose from {_valid_ids()}."
        )
    return ids


def _suggests(feature: str, value: float | bool, threshold: float) -> bool:
    if feature in _FLAG_SUGGESTS_TASK:
        return bool(value) is _FLAG_SUGGESTS_TASK[feature]
    return float(value) <= threshold


def _valid_ids() -> str:
    return ", ".join(TASKS_BY_ID)
