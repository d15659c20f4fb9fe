"""The detail view's values: eight feature cards, rows for a phone, the score."""

from __future__ import annotations

import pytest

from microtask.models import ArticleReport, Feature
from microtask.tasks import TASKS_BY_ID
from microtask.ui.cards import (
    FeatureCard,
    card_rows,
    feature_cards,
    quality_summary,
)
from tests.samples import CAT_FEATURES

EVERY_TASK = frozenset(TASKS_BY_ID)

CAT = ArticleReport(
    input_title="Cat",
    lang="en",
    title="Cat",
    exists=True,
    quality_score=0.9825799824249976,
    quality_class="FA",
    features=CAT_FEATURES,
    tasks=("categories",),
)


def test_that_there_are_eight_cards_in_reading_order() -> None:
    cards = feature_cards(CAT, EVERY_TASK)

    assert [c.label for c in cards] == [
        "Length",
        "References",
        "Internal links",
        "Sections",
        "Images and media",
        "Categories",
        "Infobox",
        "Maintenance messages",
    ]


def test_that_a_numeric_card_shows_bar_percentage_count_and_task() -> None:
    cards = {c.feature: c for c in feature_cards(CAT, EVERY_TASK)}

    assert cards["categories"] == FeatureCard(
        "categories",
        "Categories",
        0.4666666666666667,
        "47%",
        "7 categories",
        "Add categories",
    )
    assert cards["refs"].detail == "318 citations, 271 unique sources"
    assert cards["characters"].detail == "49,245 characters of prose"
    assert cards["refs"].task is None


@pytest.mark.parametrize(
    ("feature", "value", "shown", "detail"),
    [
        pytest.param("infobox", True, "Yes", "The lead has an infobox", id="infobox"),
        pytest.param("infobox", False, "No", "No infobox in the lead", id="no-infobox"),
        pytest.param(
            "messagebox", True, "Yes", "A maintenance message is shown", id="banner"
        ),
    ],
)
def test_that_infobox_and_messagebox_are_yes_or_no(
    feature: str, value: bool, shown: str, detail: str
) -> None:
    report = ArticleReport(
        input_title="X",
        lang="en",
        title="X",
        features={**CAT_FEATURES, feature: Feature(value, value)},
    )

    card = {c.feature: c for c in feature_cards(report, EVERY_TASK)}[feature]

    assert (card.progress, card.value, card.detail) == (None, shown, detail)


def test_that_a_hidden_task_type_is_not_named_on_its_card() -> None:
    cards = {c.feature: c for c in feature_cards(CAT, EVERY_TASK - {"categories"})}

    assert cards["categories"].task is None


def test_that_cards_without_quality_say_so() -> None:
    report = ArticleReport(input_title="X", lang="en", title="X", exists=True)

    cards = feature_cards(report, EVERY_TASK)

    assert {(c.progress, c.value, c.detail) for c in cards} == {
        (None, "—", "Not available")
    }


def test_that_cards_come_in_rows_of_four_in_order() -> None:
    cards = feature_cards(CAT, EVERY_TASK)

    rows = card_rows(cards)

    assert [[c.feature for c in row] for row in rows] == [
        ["characters", "refs", "wikilinks", "headings"],
        ["media", "categories", "infobox", "messagebox"],
    ]


@pytest.mark.parametrize(
    ("score", "label", "progress", "text"),
    [
        pytest.param(
            0.9825799824249976,
            "FA",
            0.9825799824249976,
            "Quality: FA · score 0.98",
            id="cat",
        ),
        pytest.param(None, None, None, "Quality: not available", id="unavailable"),
    ],
)
def test_that_the_quality_summary_reads_well(
    score: float | None, label: str | None, progress: float | None, text: str
) -> None:
    report = ArticleReport(
        input_title="Cat",
        lang="en",
        title="Cat",
        quality_score=score,
        quality_class=label,
    )

    summary = quality_summary(report)

    assert (summary.progress, summary.text) == (progress, text)
