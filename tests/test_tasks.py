"""The task catalog and the rule that suggests tasks from quality features."""

from __future__ import annotations

import pytest

from microtask.models import FEATURE_NAMES, Feature
from microtask.tasks import (
    TASK_TYPES,
    TASKS_BY_ID,
    derive_tasks,
    parse_task_ids,
    task_type,
    visible_tasks,
)
from microtask.titles import InputError

ALL_IDS = (
    "references",
    "wikilinks",
    "sections",
    "media",
    "categories",
    "expand",
    "maintenance",
    "infobox",
)

# Normalized features of a well-developed article: nothing to suggest.
COMPLETE = {
    "characters": Feature(49245, 1.0),
    "refs": Feature(318, 1.0),
    "wikilinks": Feature(448, 1.0),
    "categories": Feature(15, 1.0),
    "media": Feature(36, 1.0),
    "headings": Feature(44, 1.0),
    "sources": Feature(271, 1.0),
    "infobox": Feature(True, True),
    "messagebox": Feature(False, False),
}


def with_features(**normalized: float | bool) -> dict[str, Feature]:
    """COMPLETE with some normalized values replaced (raw values do not matter)."""
    features = dict(COMPLETE)
    for name, value in normalized.items():
        features[name] = Feature(raw=0, normalized=value)
    return features


# -- catalog --------------------------------------------------------------------


def test_that_the_catalog_has_the_eight_types_in_order():
    assert [(task.id, task.feature, task.title) for task in TASK_TYPES] == [
        ("references", "refs", "Add references"),
        ("wikilinks", "wikilinks", "Add internal links"),
        ("sections", "headings", "Improve section headings"),
        ("media", "media", "Add images or media"),
        ("categories", "categories", "Add categories"),
        ("expand", "characters", "Expand the article"),
        ("maintenance", "messagebox", "Check the maintenance banner"),
        ("infobox", "infobox", "Add an infobox"),
    ]
    assert tuple(TASKS_BY_ID) == ALL_IDS


@pytest.mark.parametrize("task", TASK_TYPES, ids=lambda task: task.id)
def test_that_every_task_type_explains_itself_and_links_help(task):
    assert task.feature in FEATURE_NAMES
    for sentence in (task.what, task.why):
        assert 20 < len(sentence) < 200
        assert sentence[0].isupper() and sentence.endswith(".")
    assert 1 <= len(task.learn_more) <= 2
    for label, url in task.learn_more:
        assert url == "https://en.wikipedia.org/wiki/" + label.replace(" ", "_")
        assert label.startswith(("Help:", "Wikipedia:"))


def test_that_task_type_finds_a_type_by_id():
    assert task_type("media").title == "Add images or media"


def test_that_an_unknown_task_type_lists_the_valid_ids():
    with pytest.raises(KeyError) as raised:
        task_type("photos")

    assert "'photos'" in str(raised.value)
    assert ", ".join(ALL_IDS) in str(raised.value)


# -- the rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("features", "expected"),
    [
        (COMPLETE, ()),
        (with_features(refs=0.5), ("references",)),
        (with_features(refs=0.5000001), ()),
        (with_features(refs=0.0), ("references",)),
        (with_features(wikilinks=0.3), ("wikilinks",)),
        (with_features(headings=0.1), ("sections",)),
        (with_features(media=0.0), ("media",)),
        (with_features(categories=0.4666666666666667), ("categories",)),
        (with_features(characters=0.2), ("expand",)),
        (with_features(messagebox=True), ("maintenance",)),
        (with_features(infobox=False), ("infobox",)),
        (with_features(sources=0.0), ()),
        (with_features(characters=1, refs=1), ()),
    ],
    ids=[
        "complete-article",
        "at-threshold",
        "just-above-threshold",
        "zero",
        "wikilinks",
        "headings-to-sections",
        "media",
        "categories-like-cat",
        "characters-to-expand",
        "maintenance-banner",
        "no-infobox",
        "sources-never",
        "integers-above",
    ],
)
def test_that_low_features_suggest_their_task(features, expected):
    assert derive_tasks(features) == expected


def test_that_suggested_tasks_come_in_catalog_order():
    features = {name: Feature(0, 0.0) for name in FEATURE_NAMES}
    features["infobox"] = Feature(False, False)
    features["messagebox"] = Feature(True, True)

    assert derive_tasks(features) == ALL_IDS


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [(0.2, ()), (0.3, ("media",)), (0.7, ("references", "media"))],
    ids=["strict", "at-media", "lenient"],
)
def test_that_the_threshold_is_a_parameter(threshold, expected):
    features = with_features(refs=0.6, media=0.3)

    assert derive_tasks(features, threshold) == expected


@pytest.mark.parametrize(
    "features",
    [{}, {"sources": Feature(0, 0.0)}, {"infobox": Feature(True, True)}],
    ids=["nothing", "only-sources", "only-infobox-present"],
)
def test_that_missing_features_suggest_nothing(features):
    assert derive_tasks(features) == ()


# -- choosing task types --------------------------------------------------------


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [
        (None, ("references", "media", "infobox")),
        ({"infobox", "references"}, ("references", "infobox")),
        (frozenset(), ()),
        (["media", "expand"], ("media",)),
    ],
    ids=["all", "subset-keeps-order", "none", "list"],
)
def test_that_only_enabled_task_types_are_visible(enabled, expected):
    tasks = ("references", "media", "infobox")

    assert visible_tasks(tasks, enabled) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("references,media", {"references", "media"}),
        (" Media , REFERENCES ,", {"references", "media"}),
        ("infobox,infobox", {"infobox"}),
        (",".join(ALL_IDS), set(ALL_IDS)),
        ("", set()),
        (" , ", set()),
    ],
    ids=["two", "spaces-and-case", "repeated", "all", "empty", "only-commas"],
)
def test_that_task_ids_are_read_from_a_list(text, expected):
    assert parse_task_ids(text) == frozenset(expected)


def test_that_unknown_task_ids_are_named_with_the_valid_ones():
    with pytest.raises(InputError) as raised:
        parse_task_ids("references,photos,links")

    assert str(raised.value) == (
        "Unknown task type 'links', 'photos'. Choose from "
        "references, wikilinks, sections, media, categories, expand, maintenance, "
        "infobox."
    )
