"""Pageviews REST client: the per-article route, one title per request.

The engine reads page views through the Action API (`prop=pageviews`, about five
titles per call, see `MediaWikiClient.page_facts`). This route is the fallback for
wikis without the PageViewInfo extension: `MediaWikiClient.pageviews_available`
turns False there, and existing pages come back with `pageviews=None`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from microtask.config import Settings
from microtask.wikimedia.errors import BadResponse
from microtask.wikimedia.http import PAGEVIEWS, WikimediaHttp

# Human readers only, every platform: the same traffic prop=pageviews reports.
ACCESS = "all-access"
AGENT = "user"


class PageviewsClient:
    """Daily views of single articles from wikimedia.org's REST API."""

    def __init__(self, http: WikimediaHttp, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    async def article_views(self, lang: str, title: str, days: int = 30) -> int:
        """Views of `title` over the `days` days up to yesterday (UTC).

        404 means no views or data not loaded yet, and counts as 0.
        """
        first, last = day_range(days, datetime.now(UTC).date())
        url = self.article_url(lang, title, first, last)

        data = await self.http.get_json(
            url, service=PAGEVIEWS, host_key=PAGEVIEWS, missing_ok=True
        )
        if data is None:
            return 0
        return _sum_items(data, url)

    def article_url(self, lang: str, title: str, first: date, last: date) -> str:
        """The per-article route; `/` in a title must travel as %2F."""
        article = quote(title.replace(" ", "_"), safe="")
        return (
            f"{self.settings.pageviews_url}/per-article/{lang}.wikipedia/{ACCESS}/"
            f"{AGENT}/{article}/daily/{first:%Y%m%d}/{last:%Y%m%d}"
        )


def day_range(days: int, today: date) -> tuple[date, date]:
    """First and last day of a window of `days` days ending yesterday.

    Today's data is incomplete, and yesterday's can arrive hours late; a late day
    simply counts 0 rather than failing the request.
    """
    if days < 1:
        raise ValueError(f"A page-view window needs at least one day, not {days}")
    last = today - timedelta(days=1)
    return last - timedelta(days=days - 1), last


def _sum_items(data: Any, url: str) -> int:
    """Sum `items[].views`; days without views are simply absent."""
    try:
        return sum(int(item["views"]) for item in data["items"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadResponse(
            PAGEVIEWS,
            f"{url} gave an unexpected answer ({type(exc).__name__}: {exc})",
        ) from None
