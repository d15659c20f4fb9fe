"""The results table as a DataFrame: columns, display values, sortable numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from microtask.models import ArticleReport, Country, SourceError, Topic
from microtask.tasks import TASKS_BY_ID
from microtask.ui.table import COLUMNS, HIDDEN_FIELDS, build_frame

EVERY_TASK = frozenset(TASKS_BY_ID)

CAT = ArticleReport(
    input_title="Felis catus",
    lang="en",
    title="Cat",
    url="https://en.wikipedia.org/wiki/Cat",
    exists=True,
    redirected_from="Felis catus",
    days_since_edit=2,
    language_editions=276,
    pageviews=3_198_294,
    quality_score=0.9825799824249976,
    quality_class="FA",
    tasks=("categories",),
    topics=(Topic("STEM.Biology", 0.98), Topic("STEM.STEM*", 0.7)),
)
MISSING = ArticleReport(input_title="Catt", lang="en", title="Catt")
PARTIAL = ArticleReport(
    input_title="Lyon",
    lang="en",
    title="Lyon",
    url="https://en.wikipedia.org/wiki/Lyon",
    exists=True,
    pageviews=0,
    countries=(Country("France", 1.0),),
    errors=(SourceError("quality", "LiftWing answered 500"),),
)
REPORTS = [CAT, MISSING, PARTIAL]


def test_that_the_frame_has_the_shown_and_the_hidden_columns_in_order() -> None:
    frame = build_frame(REPORTS, [0, 1, 2], EVERY_TASK)

    assert list(frame.columns) == [*HIDDEN_FIELDS, *(c.field for c in COLUMNS)]
    assert [c.header for c in COLUMNS][-3:] == [
        "Page views",
        "Language editions",
        "Days since last edit",
    ]


def test_that_a_row_shows_readable_values() -> None:
    frame = build_frame(REPORTS, [0], EVERY_TASK)

    row = frame.iloc[0]
    assert row["row_id"] == "0"
    assert row["article"] == "Cat"
    assert row["redirected_from"] == "Felis catus"
    assert row["flag"] == ""
    assert row["status"] == "Redirect followed"
    assert row["quality_class"] == "FA"
    assert row["quality_score"] == pytest.approx(0.983)
    assert row["tasks"] == "Add categories"
    assert row["topics"] == "Biology, STEM (other)"
    assert row["pageviews"] == 3_198_294


def test_that_rows_keep_their_input_index_as_id_after_filtering() -> None:
    frame = build_frame(REPORTS, [2, 0], EVERY_TASK)

    assert list(frame["row_id"]) == ["2", "0"]
    assert list(frame["article"]) == ["Lyon", "Cat"]


@pytest.mark.parametrize(
    ("index", "status"),
    [
        pytest.param(1, "Missing: no such page", id="missing"),
        pytest.param(2, "OK · ⚠ quality unavailable", id="failed-source"),
    ],
)
def test_that_problems_show_in_the_status_column(index: int, status: str) -> None:
    frame = build_frame(REPORTS, [index], EVERY_TASK)

    assert frame.iloc[0]["status"] == status


def test_that_a_row_without_a_page_says_why_next_to_its_title() -> None:
    invalid = ArticleReport(
        input_title="Cat|Dog", lang="en", title="Cat|Dog", invalid_reason="bad"
    )

    frame = build_frame([*REPORTS, invalid], [0, 1, 2, 3], EVERY_TASK)

    assert list(frame["note"]) == ["", "missing", "", "invalid title"]


def test_that_a_failed_source_raises_the_flag() -> None:
    frame = build_frame(REPORTS, [1, 2], EVERY_TASK)

    assert list(frame["flag"]) == ["", "⚠"]


def test_that_numbers_stay_numbers_and_unknowns_stay_empty() -> None:
    frame = build_frame(REPORTS, [0, 1, 2], EVERY_TASK)

    assert str(frame["pageviews"].dtype) == "Int64"
    assert str(frame["days_since_edit"].dtype) == "Int64"
    assert str(frame["quality_score"].dtype) == "Float64"
    assert frame["pageviews"].iloc[2] == 0
    assert pd.isna(frame["pageviews"].iloc[1])
    assert pd.isna(frame["quality_score"].iloc[2])
    assert frame["url"].iloc[1] == ""


def test_that_hidden_task_types_leave_the_tasks_column() -> None:
    frame = build_frame(REPORTS, [0], EVERY_TASK - {"categories"})

    assert frame.iloc[0]["tasks"] == ""


def test_that_an_empty_selection_gives_an_empty_frame_with_its_columns() -> None:
    frame = build_frame(REPORTS, [], EVERY_TASK)

    assert frame.empty
    assert "article" in frame.columns
