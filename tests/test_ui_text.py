"""Counts, statuses, run summaries and Markdown escaping as organizers read them."""

from __future__ import annotations

import re

import pytest

from microtask.models import ArticleReport, SourceError
from microtask.ui.text import (
    describe_error,
    failure_summary,
    md_escape,
    plural,
    retry_outcome,
    run_summary,
    showing,
    status_text,
    title_count,
)
from microtask.wikimedia.errors import ServiceUnavailable, UnknownWiki, WikimediaError


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


def test_that_the_run_summary_counts_missing_and_invalid_titles() -> None:
    reports = [
        ArticleReport(input_title="A", lang="pa", title="A"),
        ArticleReport(input_title="B", lang="pa", title="B"),
        ArticleReport(input_title="C|D", lang="pa", title="C|D", invalid_reason="bad"),
        failed("E", "quality"),
    ]

    messages = run_summary(reports, "pa")

    assert messages == [
        "2 titles did not match a page on pa.wikipedia.org: check the spelling "
        "(their rows say Missing).",
        "1 line cannot be a Wikipedia title (its row says why).",
    ]


def test_that_a_run_without_problems_has_no_summary() -> None:
    ok = ArticleReport(input_title="A", lang="en", title="A", exists=True)

    assert run_summary([ok], "en") == []
    assert failure_summary([ok]) is None


def failed(title: str, *sources: str) -> ArticleReport:
    errors = tuple(SourceError(source, "LiftWing answered 500") for source in sources)
    return ArticleReport(
        input_title=title, lang="en", title=title, exists=True, errors=errors
    )


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        pytest.param(
            [failed("A", "quality")],
            "1 article has a source that failed: quality. Its row is marked ⚠ and "
            "keeps everything else; retry once the service is back.",
            id="one-article-one-source",
        ),
        pytest.param(
            [failed("A", "topics", "quality", "countries")],
            "1 article has sources that failed: geography, quality, topics. Its "
            "row is marked ⚠ and keeps everything else; retry once the service is "
            "back.",
            id="one-article-three-sources",
        ),
        pytest.param(
            [
                failed("A", "topics", "quality"),
                failed("B", "quality", "quality"),
                failed("C", "countries"),
            ],
            "3 articles have a source that failed: quality for 2, geography for 1, "
            "topics for 1. Their rows are marked ⚠ and keep everything else; retry "
            "once the service is back.",
            id="most-frequent-first",
        ),
    ],
)
def test_that_the_failure_summary_counts_articles_per_source(
    reports: list[ArticleReport], expected: str
) -> None:
    assert failure_summary(reports) == expected


@pytest.mark.parametrize(
    ("retried", "still", "expected"),
    [
        pytest.param(3, 0, "Retried 3 articles: every source answered.", id="fixed"),
        pytest.param(
            3,
            1,
            "Retried 3 articles: 1 still has a failed source; try again later.",
            id="one-left",
        ),
        pytest.param(
            1,
            1,
            "Retried 1 article: 1 still has a failed source; try again later.",
            id="none-fixed",
        ),
    ],
)
def test_that_the_retry_outcome_says_what_is_left(
    retried: int, still: int, expected: str
) -> None:
    assert retry_outcome(retried, still) == expected


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        pytest.param(
            UnknownWiki("mediawiki", "No Wikipedia answers for 'xx'; check the code."),
            "Could not fetch the articles from Wikipedia: No Wikipedia answers for "
            "'xx'; check the code.",
            id="wiki",
        ),
        pytest.param(
            ServiceUnavailable("liftwing", "LiftWing answered 503; try later."),
            "Could not fetch the articles from LiftWing, Wikimedia's model service: "
            "LiftWing answered 503; try later.",
            id="liftwing",
        ),
    ],
)
def test_that_a_failed_run_names_the_service_and_the_advice(
    error: WikimediaError, expected: str
) -> None:
    assert describe_error(error) == expected
