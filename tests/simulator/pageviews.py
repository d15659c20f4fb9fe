"""The Pageviews REST API's per-article route.

    /per-article/{lang}.wikipedia/{access}/{agent}/{Title_with_underscores}
    /{daily|monthly}/{start YYYYMMDD[HH]}/{end YYYYMMDD[HH]}

Titles are looked up exactly as sent (underscores read as spaces, no other
normalization, no redirects). Days without views are left out; when nothing is
left, the answer is the API's 404 "not found" problem, which a client should
read as zero views. Today has no data yet; `pageviews_lag_days` holds back
more days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aiohttp import web

from tests.simulator import responses
from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import Corpus
from tests.simulator.wiki import Article

# Share of all human views per access method and per agent type (plausible,
# not measured): the simulated views of an article are its `user` views.
ACCESS_SHARE = {
    "all-access": 1.0,
    "desktop": 0.38,
    "mobile-web": 0.6,
    "mobile-app": 0.02,
}
AGENT_SHARE = {"all-agents": 1.08, "user": 1.0, "spider": 0.05, "automated": 0.03}
NOT_FOUND = (
    "The date(s) you used are valid, but we either do not have data for those "
    "date(s), or the project you asked for is not loaded yet. Please check "
    "documentation for more information."
)


def per_article(
    request: web.Request, corpus: Corpus, config: SimulatorConfig
) -> web.Response:
    info = request.match_info
    uri = request.path
    problems = _check(info["access"], info["agent"], info["granularity"])
    try:
        start, end = _day(info["start"]), _day(info["end"])
    except ValueError:
        problems.append("start and end must be dates as YYYYMMDD or YYYYMMDDHH")
        start = end = date.min
    if not problems and start > end:
        problems.append("start timestamp should be before the end timestamp")
    if problems:
        return responses.problem(
            400, "invalid_request", "Invalid parameters", detail=problems, uri=uri
        )

    article = _article(corpus, info["project"], info["article"])
    items = _items(article, info, start, end, config) if article else []
    if not items:
        return responses.problem(
            404, "not_found", "Not found.", detail=NOT_FOUND, uri=uri
        )
    return responses.json_response({"items": items})


def _check(access: str, agent: str, granularity: str) -> list[str]:
    problems = []
    if access not in ACCESS_SHARE:
        problems.append(
            f"access should be equal to one of the allowed values: "
            f"[{', '.join(ACCESS_SHARE)}]"
        )
    if agent not in AGENT_SHARE:
        problems.append(
            f"agent should be equal to one of the allowed values: "
            f"[{', '.join(AGENT_SHARE)}]"
        )
    if granularity not in ("daily", "monthly"):
        problems.append(
            "granularity should be equal to one of the allowed values: [daily, monthly]"
        )
    return problems


def _day(stamp: str) -> date:
    if len(stamp) not in (8, 10) or not stamp.isdigit():
        raise ValueError(stamp)
    return datetime.strptime(stamp[:8], "%Y%m%d").date()


def _article(corpus: Corpus, project: str, title: str) -> Article | None:
    lang, _, family = project.partition(".")
    wiki = corpus.wiki(lang)
    if wiki is None or family != "wikipedia":
        return None
    page = wiki.page(title.replace("_", " "))
    return page if page is not None and page.ns == 0 else None


def _items(
    article: Article,
    info: dict[str, str],
    start: date,
    end: date,
    config: SimulatorConfig,
) -> list[dict[str, object]]:
    share = ACCESS_SHARE[info["access"]] * AGENT_SHARE[info["agent"]]
    today = config.current_time().date()
    last = min(end, today - timedelta(days=1 + config.pageviews_lag_days))
    by_period: dict[str, int] = {}
    day = start
    while day <= last:
        period = day.strftime("%Y%m%d00")
        if info["granularity"] == "monthly":
            period = day.strftime("%Y%m0100")
        views = round(article.views_on((today - day).days) * share)
        by_period[period] = by_period.get(period, 0) + views
        day += timedelta(days=1)
    return [
        {
            "project": info["project"],
            "article": info["article"],
            "granularity": info["granularity"],
            "timestamp": stamp,
            "access": info["access"],
            "agent": info["agent"],
            "views": views,
        }
        for stamp, views in by_period.items()
        if views
    ]
