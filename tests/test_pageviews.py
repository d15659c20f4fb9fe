"""PageviewsClient against a fake REST API: the route, the sum, 404 as zero."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from microtask.wikimedia.errors import BadResponse
from microtask.wikimedia.http import WikimediaHttp
from microtask.wikimedia.pageviews import PageviewsClient, day_range
from tests.fakes import fake_service, fake_settings, in_turn, json_reply


def items(*views: int) -> dict[str, Any]:
    days = [f"202603{day:02d}00" for day in range(1, len(views) + 1)]
    return {
        "items": [
            {
                "project": "en.wikipedia",
                "article": "Cat",
                "granularity": "daily",
                "timestamp": stamp,
                "access": "all-access",
                "agent": "user",
                "views": count,
            }
            for stamp, count in zip(days, views, strict=True)
        ]
    }


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        pytest.param(
            30, date(2026, 3, 31), (date(2026, 3, 1), date(2026, 3, 30)), id="30-days"
        ),
        pytest.param(
            1,
            date(2026, 3, 1),
            (date(2026, 2, 28), date(2026, 2, 28)),
            id="yesterday-only",
        ),
        pytest.param(
            7,
            date(2026, 1, 3),
            (date(2025, 12, 27), date(2026, 1, 2)),
            id="across-new-year",
        ),
    ],
)
def test_day_range_ends_yesterday(
    days: int, today: date, expected: tuple[date, date]
) -> None:
    assert day_range(days, today) == expected


def test_day_range_needs_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        day_range(0, date(2026, 3, 31))


async def test_article_views_sums_the_items() -> None:
    async with fake_service(lambda seen: items(120, 80, 1000)) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            views = await PageviewsClient(http, http.settings).article_views(
                "en", "Cat", days=30
            )

    assert views == 1200
    first, last = day_range(30, datetime.now(UTC).date())
    assert fake.requests[0].path == (
        "/pageviews/per-article/en.wikipedia/all-access/user/Cat/daily/"
        f"{first:%Y%m%d}/{last:%Y%m%d}"
    )


@pytest.mark.parametrize(
    ("title", "encoded"),
    [
        pytest.param("Albert Einstein", "Albert_Einstein", id="spaces-to-underscores"),
        pytest.param("AC/DC", "AC%2FDC", id="slash-escaped"),
        pytest.param("Zürich", "Z%C3%BCrich", id="utf-8"),
        pytest.param("What?", "What%3F", id="question-mark"),
    ],
)
async def test_titles_are_encoded_into_one_path_segment(
    title: str, encoded: str
) -> None:
    async with fake_service(lambda seen: items(1)) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            await PageviewsClient(http, http.settings).article_views("de", title)

    assert f"/user/{encoded}/daily/" in fake.requests[0].raw_path


async def test_404_counts_as_zero_views() -> None:
    not_found = json_reply(
        {
            "type": "https://mediawiki.org/wiki/HyperSwitch/errors/not_found",
            "title": "Not found.",
            "method": "get",
            "detail": "The date(s) you used are valid, but we either do not have data "
            "for those date(s), or the project you asked for is not loaded yet.",
        },
        404,
    )

    async with fake_service(in_turn(not_found)) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            views = await PageviewsClient(http, http.settings).article_views("en", "Zq")

    assert views == 0
    assert len(fake.requests) == 1


async def test_answer_without_items_is_a_bad_response() -> None:
    async with fake_service(lambda seen: {"unexpected": []}) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = PageviewsClient(http, http.settings)
            with pytest.raises(BadResponse, match="per-article/en.wikipedia"):
                await client.article_views("en", "Cat")
