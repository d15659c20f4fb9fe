"""Counts, statuses, run summaries and Markdown escaping as organizers read them."""

from __future__ import annotations

import re

import pytest

from microtask.models import ArticleReport, SourceError
from microtask.ui.text import (
    describe_error,
    md_escape,
    plural,
    run_summary,
    showing,
    status_text,
    title_count,
)
from microtask.wikimedia.errors import UnknownWiki


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(1, "1 title", id="one"),
        pytest.param(12, "12 titles", id="some"),
        pytest.param(1000, "1,000 titles", id="thousand"),
    ],
)
def test_that_counts_are_plural_and_grouped(count: int, expected: str) -> None:
    assert plural(count, "title") == expected


def test_that_the_title_count_explains_the_limit_when_over_it() -> None:
    assert title_count(1000, 1000) == "1,000 titles"
    assert title_count(1001, 1000).startswith("1,001 titles: the dashboard takes at")


def test_that_the_showing_line_reads_naturally() -> None:
    assert showing(12, 40) == "Showing 12 of 40 articles"
    assert showing(1, 1) == "Showing 1 of 1 article"


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("<img src=x onerror=alert(1)>", id="html"),
        pytest.param("**bold** [link](javascript:alert(1))", id="markdown"),
        pytest.param("Costs $5 and $6", id="latex"),
        pytest.param(":red[alarm] :smile:", id="directives"),
        pytest.param("C:\\Windows", id="backslash"),
    ],
)
def test_that_escaped_text_has_no_markdown_left(title: str) -> None:
    escaped = md_escape(title)

    assert re.sub(r"\\(.)", r"\1", escaped) == title  # CommonMark un-escapes
    for special in "<[*$:":
        assert escaped.count("\\" + special) == title.count(special)


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        pytest.param(
            ArticleReport(input_title="A", lang="en", title="A", exists=True),
            "OK",
            id="ok",
        ),
        pytest.param(
            ArticleReport(
                input_title="A#b", lang="en", title="A#b", invalid_reason="has #"
            ),
            "Invalid title: has #",
            id="invalid",
        ),
        pytest.param(
            ArticleReport(
                input_title="A",
                lang="en",
                title="A",
                errors=(SourceError("mediawiki", "timeout"),),
            ),
            "⚠ Page could not be read",
            id="page-facts-failed",
        ),
        pytest.param(
            ArticleReport(
                input_title="A",
                lang="en",
                title="A",
                exists=True,
                errors=(
                    SourceError("topics", "500"),
                    SourceError("countries", "500"),
                    SourceError("topics", "again"),
                ),
            ),
            "OK · ⚠ topics, geography unavailable",
            id="two-sources-failed",
        ),
    ],
)
def test_that_the_status_says_what_is_wrong(
    report: ArticleReport, expected: str
) -> None:
    assert status_text(report) == expected


def test_that_the_run_summary_counts_missing_pages_and_failed_sources() -> None:
    reports = [
        ArticleReport(input_title="A", lang="pa", title="A"),
        ArticleReport(input_title="B", lang="pa", title="B"),
        ArticleReport(
            input_title="C",
            lang="pa",
            title="C",
            exists=True,
            errors=(SourceError("quality", "LiftWing answered 500"),),
        ),
    ]

    messages = run_summary(reports, "pa")

    assert messages[0].startswith("2 titles did not match a page on pa.wikipedia.org")
    assert "quality for 1 article" in messages[1]
    assert len(messages) == 2


def test_that_a_run_without_problems_has_no_summary() -> None:
    ok = ArticleReport(input_title="A", lang="en", title="A", exists=True)

    assert run_summary([ok], "en") == []


def test_that_a_failed_run_names_the_service_and_the_advice() -> None:
    error = UnknownWiki("mediawiki", "No Wikipedia answers for 'xx'; check the code.")

    assert describe_error(error) == (
        "Could not fetch the articles (mediawiki): No Wikipedia answers for 'xx'; "
        "check the code."
    )
