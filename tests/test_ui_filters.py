"""The three filters: AND across filters, ANY within one, All/None, hidden tasks."""

from __future__ import annotations

import pytest

from microtask.models import ArticleReport, Country, Topic
from microtask.tasks import TASKS_BY_ID
from microtask.ui.filters import (
    ALL,
    NO_VALUE,
    NONE,
    Choice,
    Filters,
    Option,
    apply_filters,
    filter_options,
)

EVERY_TASK = frozenset(TASKS_BY_ID)


def article(
    title: str,
    tasks: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
) -> ArticleReport:
    return ArticleReport(
        input_title=title,
        lang="en",
        title=title,
        exists=True,
        tasks=tasks,
        topics=tuple(Topic(label, 0.9) for label in topics),
        countries=tuple(Country(name, 1.0) for name in countries),
    )


REPORTS = [
    article("Cat", ("references", "media"), ("STEM.Biology",), ("France",)),
    article("Marie Curie", ("infobox",), ("STEM.Physics", "Culture.Biography.Women")),
    article(
        "Lyon", ("media",), ("Geography.Regions.Europe.Western_Europe",), ("France",)
    ),
    article("Featured", (), ("STEM.Physics",), ("Poland", "France")),
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(Filters(), [0, 1, 2, 3], id="all-filters-on-all"),
        pytest.param(
            Filters(tasks=Choice(frozenset({"media"}))), [0, 2], id="one-task"
        ),
        pytest.param(
            Filters(tasks=Choice(frozenset({"media", "infobox"}))),
            [0, 1, 2],
            id="any-of-two-tasks",
        ),
        pytest.param(
            Filters(
                tasks=Choice(frozenset({"media"})),
                countries=Choice(frozenset({"France"})),
                topics=Choice(frozenset({"STEM.Biology"})),
            ),
            [0],
            id="and-across-filters",
        ),
        pytest.param(
            Filters(countries=Choice(frozenset({NO_VALUE}))), [1], id="no-country"
        ),
        pytest.param(Filters(tasks=Choice(frozenset({NO_VALUE}))), [3], id="no-task"),
        pytest.param(Filters(topics=NONE), [], id="none-shows-nothing"),
    ],
)
def test_that_filters_combine_with_and_and_match_any_value(
    filters: Filters, expected: list[int]
) -> None:
    shown = apply_filters(REPORTS, filters, EVERY_TASK)

    assert shown == expected


def test_that_a_hidden_task_type_no_longer_matches_nor_is_offered() -> None:
    enabled = EVERY_TASK - {"media"}
    filters = Filters(tasks=Choice(frozenset({"media"})))

    shown = apply_filters(REPORTS, filters, enabled)
    offered = [o.value for o in filter_options(REPORTS, enabled)["tasks"]]

    assert shown == []
    assert "media" not in offered


def test_that_rows_left_without_visible_tasks_count_as_no_task() -> None:
    enabled = EVERY_TASK - {"infobox"}

    shown = apply_filters(
        REPORTS, Filters(tasks=Choice(frozenset({NO_VALUE}))), enabled
    )

    assert shown == [1, 3]


def test_that_options_count_articles_and_put_no_value_last() -> None:
    options = filter_options(REPORTS, EVERY_TASK)

    assert options["countries"] == [
        Option("France", 3),
        Option("Poland", 1),
        Option(NO_VALUE, 1),
    ]
    assert options["topics"][0] == Option("STEM.Physics", 2)
    assert NO_VALUE not in [o.value for o in options["topics"]]


def test_that_task_options_follow_the_catalogue_including_unused_types() -> None:
    options = filter_options(REPORTS, EVERY_TASK)["tasks"]

    assert [o.value for o in options[:-1]] == list(TASKS_BY_ID)
    assert Option("expand", 0) in options
    assert options[-1] == Option(NO_VALUE, 1)


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param(["a", "b", "c"], ALL, id="every-option-is-all"),
        pytest.param(["a"], Choice(frozenset({"a"})), id="subset"),
        pytest.param([], NONE, id="empty-is-none"),
    ],
)
def test_that_a_multiselect_value_reads_back_as_a_choice(
    selection: list[str], expected: Choice
) -> None:
    choice = Choice.from_selection(selection, ["a", "b", "c"])

    assert choice == expected


def test_that_all_keeps_new_values_selected_as_rows_arrive() -> None:
    choice = Choice.from_selection(["a", "b"], ["a", "b"])

    shown = choice.selected(["a", "b", "c"])

    assert shown == ["a", "b", "c"]


def test_that_a_subset_shows_only_the_options_present() -> None:
    choice = Choice(frozenset({"b", "gone"}))

    assert choice.selected(["a", "b", "c"]) == ["b"]


def test_that_an_empty_option_list_reads_back_as_all() -> None:
    assert Choice.from_selection([], []) == ALL


def test_that_an_unknown_filter_name_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown filter 'colour'"):
        Filters().with_choice("colour", ALL)
