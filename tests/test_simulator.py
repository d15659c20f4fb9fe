"""The simulator's own contract: real Wikimedia shapes, limits, faults, records.

Plain aiohttp requests against the `simulator` fixture; nothing from microtask
except Settings. If these pass, a client that works against the simulator
speaks the formats described in shared/docs/wikimedia.md.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
import requests

from tests.simulator import (
    FaultKind,
    FaultPlan,
    Simulator,
    SimulatorConfig,
    build_corpus,
    running_simulator,
)
from tests.simulator.quality import RawFeatures, most_probable, predict
from tests.simulator.taxonomy import TOPIC_LABELS

PAGE_PROPS = "info|revisions|pageprops|langlinkscount"
CAT_FEATURES = RawFeatures(49245, 318, 448, 7, 36, 44, 271, True, False)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def query(
    session: aiohttp.ClientSession, sim: Simulator, lang: str = "en", **params: str
) -> dict[str, Any]:
    """One Action API query (POST, like a client with long title lists)."""
    data = {"action": "query", "format": "json", "formatversion": "2", **params}
    async with session.post(f"{sim.url}/{lang}/w/api.php", data=data) as response:
        assert response.status == 200
        return await response.json()


async def page_query(
    session: aiohttp.ClientSession, sim: Simulator, titles: list[str], lang: str = "en"
) -> dict[str, Any]:
    """The metadata query of wikimedia.md for a batch of titles."""
    return await query(
        session,
        sim,
        lang,
        titles="|".join(titles),
        redirects="1",
        prop=PAGE_PROPS,
        rvprop="ids|timestamp|size",
        ppprop="wikibase_item|disambiguation",
    )


async def follow(
    session: aiohttp.ClientSession, sim: Simulator, **params: str
) -> list[dict[str, Any]]:
    """Every response of a query, sending each `continue` object back whole."""
    responses = [await query(session, sim, **params)]
    while "continue" in responses[-1]:
        responses.append(
            await query(session, sim, **params, **responses[-1]["continue"])
        )
    return responses


async def api_get(
    session: aiohttp.ClientSession,
    sim: Simulator,
    lang: str = "en",
    headers: dict[str, str] | None = None,
    **params: str,
) -> tuple[aiohttp.ClientResponse, str]:
    """One Action API query by GET; the response (headers, status) and its text."""
    params = {"action": "query", "format": "json", "formatversion": "2", **params}
    url = f"{sim.url}/{lang}/w/api.php"
    async with session.get(url, params=params, headers=headers) as response:
        return response, await response.text()


async def predict_call(
    session: aiohttp.ClientSession, sim: Simulator, model: str, body: object
) -> tuple[int, dict[str, Any]]:
    url = f"{sim.url}/liftwing/v1/models/{model}:predict"
    async with session.post(url, json=body) as response:
        return response.status, await response.json()


def by_title(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {page["title"]: page for page in body["query"]["pages"]}


# --- Action API: titles ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("cat", "Cat"),
        ("Snow_leopard", "Snow leopard"),
        ("  Snow   leopard ", "Snow leopard"),
        ("Cat#Anatomy", "Cat"),
        ("category:felids", "Category:Felids"),
        ("WP:About", "Wikipedia:About"),
    ],
    ids=["first-letter", "underscores", "whitespace", "fragment", "namespace", "alias"],
)
async def test_typed_titles_are_normalized_and_reported(
    session, simulator, typed, title
):
    body = await page_query(session, simulator, [typed])

    assert body["query"]["normalized"] == [
        {"fromencoded": False, "from": typed, "to": title}
    ]
    assert [page["title"] for page in body["query"]["pages"]] == [title]


async def test_localized_namespace_names_are_printed_in_the_wiki_language(
    session, simulator
):
    body = await page_query(session, simulator, ["Category:Felinae"], lang="es")

    assert body["query"]["normalized"][0]["to"] == "Categoría:Felinae"
    assert body["query"]["pages"][0]["ns"] == 14


async def test_siteinfo_names_the_namespaces(session, simulator):
    body = await query(
        session, simulator, "es", meta="siteinfo", siprop="namespaces|namespacealiases"
    )

    category = body["query"]["namespaces"]["14"]
    assert (category["name"], category["canonical"]) == ("Categoría", "Category")
    assert body["query"]["namespacealiases"] == [{"id": 4, "alias": "WP"}]


async def test_redirects_name_the_typed_title_and_follow_double_redirects(
    session, simulator
):
    body = await page_query(session, simulator, ["Housecat", "Cat reproduction"])

    assert body["query"]["redirects"] == [
        {"from": "Housecat", "to": "Domestic cat"},
        {"from": "Domestic cat", "to": "Cat"},
        {"from": "Cat reproduction", "to": "Cat", "tofragment": "Reproduction"},
    ]
    assert [page["title"] for page in body["query"]["pages"]] == ["Cat"]


async def test_without_redirects_the_redirect_page_itself_is_answered(
    session, simulator
):
    body = await query(session, simulator, titles="Felis catus", prop="info")

    page = body["query"]["pages"][0]
    assert page["redirect"] is True
    assert "redirects" not in body["query"]


async def test_existing_page_has_every_field_of_the_metadata_query(session, simulator):
    simulator.config.now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    body = await page_query(session, simulator, ["Cat"])

    page = body["query"]["pages"][0]
    assert page["pageid"] == 6678
    assert page["lastrevid"] == page["revisions"][0]["revid"] == 1290468237
    assert page["revisions"][0]["timestamp"] == "2026-02-27T09:36:00Z"  # 2.1 days
    assert page["touched"] > page["revisions"][0]["timestamp"]
    assert page["length"] == page["revisions"][0]["size"]
    assert page["pageprops"] == {"wikibase_item": "Q146"}
    assert page["langlinkscount"] == 276
    assert page["pagelanguagedir"] == "ltr"


@pytest.mark.parametrize(
    ("title", "absent"),
    [("Cat gap", "langlinkscount"), ("Cat gap", "pageprops")],
    ids=["no-langlinks", "no-wikidata-item"],
)
async def test_empty_values_leave_the_key_out(session, simulator, title, absent):
    body = await page_query(session, simulator, [title])

    assert absent not in body["query"]["pages"][0]


async def test_disambiguation_pages_carry_the_page_prop(session, simulator):
    body = await page_query(session, simulator, ["Cat (disambiguation)"])

    assert body["query"]["pages"][0]["pageprops"]["disambiguation"] == ""


async def test_rtl_and_non_latin_wikis(session, simulator):
    arabic = await page_query(session, simulator, ["هر"], lang="ar")
    japanese = await page_query(session, simulator, ["猫"], lang="ja")

    assert arabic["query"]["redirects"] == [{"from": "هر", "to": "قط"}]
    assert arabic["query"]["pages"][0]["pagelanguagedir"] == "rtl"
    assert japanese["query"]["pages"][0]["title"] == "ネコ"


async def test_missing_page_has_no_page_id(session, simulator):
    body = await page_query(session, simulator, ["No such cat"])

    page = body["query"]["pages"][0]
    assert page["missing"] is True
    assert "pageid" not in page
    assert page["title"] == "No such cat"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("A<b", 'The requested page title contains invalid characters: "<".'),
        ("Cat [x]", 'The requested page title contains invalid characters: "[".'),
        ("Cat {x}", 'The requested page title contains invalid characters: "{".'),
        ("Bell\x07", 'The requested page title contains invalid characters: "\x07".'),
        ("100%25", 'The requested page title contains invalid characters: "%25".'),
        ("", "The requested page title is empty or contains only the name of a "
         "namespace."),
        ("#Anatomy", "The requested page title is empty or contains only the name "
         "of a namespace."),
        ("../Cat", "Title has relative path. Relative page titles (./, ../) are "
         "invalid, because they will often be unreachable when handled by user's "
         "browser."),
    ],
    ids=["angle", "square", "curly", "control", "percent", "empty", "only-fragment",
         "relative"],
)  # fmt: skip
async def test_invalid_titles_say_why(session, simulator, typed, reason):
    body = await page_query(session, simulator, ["Cat", typed])

    invalid = [page for page in body["query"]["pages"] if page.get("invalid")]
    assert invalid == [{"title": typed, "invalidreason": reason, "invalid": True}]


async def test_pages_come_in_mediawiki_order_not_input_order(session, simulator):
    body = await page_query(session, simulator, ["Lion", "No such cat", "Cat", "A<"])

    titles = [page["title"] for page in body["query"]["pages"]]
    assert titles == ["A<", "No such cat", "Cat", "Lion"]


async def test_more_than_50_titles_is_an_error(session, simulator):
    titles = [f"Synthetic article {n:04d}" for n in range(1, 52)]

    response, text = await api_get(session, simulator, titles="|".join(titles))

    body = json.loads(text)
    assert response.status == 200
    assert response.headers["MediaWiki-API-Error"] == "toomanyvalues"
    assert body["error"]["code"] == "toomanyvalues"
    assert body["error"]["info"] == (
        'Too many values supplied for parameter "titles". The limit is 50.'
    )
    assert "query" not in body


async def test_older_mediawiki_warns_and_answers_the_first_50(session, simulator):
    simulator.config.titles_limit = "truncate"
    titles = [f"Synthetic article {n:04d}" for n in range(1, 61)]

    body = await query(session, simulator, titles="|".join(titles))

    assert "The limit is 50." in body["warnings"]["query"]["warnings"]
    assert len(body["query"]["pages"]) == 50


async def test_rvlimit_with_several_pages_is_refused(session, simulator):
    body = await query(
        session, simulator, titles="Cat|Lion", prop="revisions", rvlimit="1"
    )

    assert body["error"]["code"] == "multpages"


# --- Action API: page views (PageViewInfo) -----------------------------------


async def test_pageviews_continuation_gives_every_title_once(session, simulator):
    titles = [
        "Cat",
        "Lion",
        "Tiger",
        "Cheetah",
        "No such cat",
        "Bobcat",
        "Serval",
        "Margay",
        "Ocelot",
        "Caracal",
        "Sand cat",
        "Housecat",
    ]

    responses = await follow(
        session,
        simulator,
        titles="|".join(titles),
        redirects="1",
        prop=f"{PAGE_PROPS}|pageviews",
        pvipdays="30",
    )

    seen = [
        page["title"]
        for body in responses
        for page in body["query"]["pages"]
        if "pageviews" in page
    ]
    assert sorted(seen) == sorted(set(titles) - {"Housecat"})  # Housecat is Cat
    assert len(responses) == math.ceil(len(seen) / 5)
    assert all(
        len(page["pageviews"]) == 30
        for body in responses
        for page in body["query"]["pages"]
        if "pageviews" in page
    )


async def test_pageviews_continuation_runs_only_the_pending_module(session, simulator):
    titles = "|".join(["Cat", "Lion", "Tiger", "Cheetah", "Bobcat", "Serval"])

    first, second = await follow(
        session, simulator, titles=titles, prop=f"{PAGE_PROPS}|pageviews"
    )

    assert first["continue"]["continue"] == "||" + PAGE_PROPS
    assert "batchcomplete" not in first
    assert second["batchcomplete"] is True
    assert [set(page) for page in second["query"]["pages"] if "pageviews" in page] == [
        {"pageid", "ns", "title", "pageviews"}
    ]


async def test_pageviews_are_null_on_days_without_views(session, simulator):
    simulator.config.pageviews_lag_days = 1

    body = await query(
        session, simulator, titles="Cat gap|Cat", prop="pageviews", pvipdays="30"
    )

    views = by_title(body)
    yesterday = max(views["Cat"]["pageviews"])
    assert views["Cat"]["pageviews"][yesterday] is None  # not loaded yet
    assert None in views["Cat gap"]["pageviews"].values()  # a quiet article
    assert 0 not in views["Cat gap"]["pageviews"].values()


# --- Action API: categories --------------------------------------------------


async def test_categorymembers_continuation_lists_every_member_once(session, simulator):
    responses = await follow(
        session,
        simulator,
        list="categorymembers",
        cmtitle="Category:Synthetic test articles",
        cmtype="page",
        cmnamespace="0",
        cmlimit="max",
    )

    titles = [
        row["title"] for body in responses for row in body["query"]["categorymembers"]
    ]
    assert titles == simulator.corpus.synthetic.titles()
    assert responses[0]["continue"]["continue"] == "-||"
    assert len(responses[0]["query"]["categorymembers"]) < 500


async def test_categorymembers_may_return_no_rows_yet_continue(session, simulator):
    body = await query(
        session,
        simulator,
        list="categorymembers",
        cmtitle="Category:Synthetic test articles",
        cmnamespace="0",
        cmlimit="10",
    )

    assert body["query"]["categorymembers"] == []
    assert body["continue"]["cmcontinue"].startswith("page|")


async def test_categorymembers_of_an_empty_category(session, simulator):
    body = await query(
        session,
        simulator,
        list="categorymembers",
        cmtitle="Category:Extinct felids of Antarctica",
        cmlimit="max",
    )

    assert body == {"batchcomplete": True, "query": {"categorymembers": []}}


@pytest.mark.parametrize(
    ("cmtitle", "code"),
    [("Felids", "invalidcategory"), ("Category:<", "invalidtitle")],
    ids=["no-namespace", "invalid-title"],
)
async def test_categorymembers_refuses_bad_category_titles(
    session, simulator, cmtitle, code
):
    body = await query(session, simulator, list="categorymembers", cmtitle=cmtitle)

    assert body["error"]["code"] == code


async def test_categorymembers_as_generator_with_page_props(session, simulator):
    responses = await follow(
        session,
        simulator,
        generator="categorymembers",
        gcmtitle="Category:Felids",
        gcmnamespace="0",
        gcmlimit="20",
        prop=f"{PAGE_PROPS}|pageviews",
    )

    with_views = [
        page["title"]
        for body in responses
        for page in body["query"]["pages"]
        if "pageviews" in page
    ]
    assert len(with_views) == len(set(with_views)) == 30


async def test_prefixsearch_ranks_categories_case_insensitively(session, simulator):
    body = await query(
        session,
        simulator,
        generator="prefixsearch",
        gpssearch="fel",
        gpsnamespace="14",
        gpslimit="3",
        prop="categoryinfo",
    )

    pages = body["query"]["pages"]
    ranked = sorted(pages, key=lambda page: page["index"])
    assert [page["title"] for page in ranked] == [
        "Category:Felids",
        "Category:Felines",
        "Category:Felis",
    ]
    assert ranked[0]["categoryinfo"] == {
        "size": 32,
        "pages": 31,
        "files": 0,
        "subcats": 1,
        "hidden": False,
    }
    assert body["continue"] == {"gpsoffset": "3", "continue": "gpsoffset||"}


async def test_prefixsearch_continues_with_the_next_ranks(session, simulator):
    body = await query(
        session,
        simulator,
        generator="prefixsearch",
        gpssearch="Category:Fel",
        gpsnamespace="14",
        gpslimit="3",
        gpsoffset="3",
        prop="categoryinfo",
    )

    pages = body["query"]["pages"]
    assert [(page["index"], page["title"]) for page in pages] == [
        (4, "Category:Feline diseases")
    ]
    assert "continue" not in body


# --- Action API: everything else --------------------------------------------


async def test_unknown_language_is_a_404_page(session, simulator):
    async with session.get(f"{simulator.url}/xx/w/api.php?action=query") as response:
        text = await response.text()

    assert response.status == 404
    assert response.content_type == "text/html"
    assert "xx.wikipedia.org" in text


async def test_unknown_action_is_an_api_error(session, simulator):
    _, text = await api_get(session, simulator, action="parse")

    body = json.loads(text)
    assert body["error"]["code"] == "badvalue"
    assert body["error"]["docref"].startswith("See https://en.wikipedia.org/w/api.php")


async def test_gzip_is_used_when_accepted(session, simulator):
    response, text = await api_get(
        session, simulator, headers={"Accept-Encoding": "gzip"}, titles="Cat"
    )

    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(text)["query"]["pages"][0]["title"] == "Cat"


# --- Pageviews REST ----------------------------------------------------------


def per_article(sim: Simulator, title: str, start: str, end: str, **kw: str) -> str:
    access, agent = kw.get("access", "all-access"), kw.get("agent", "user")
    granularity = kw.get("granularity", "daily")
    return (
        f"{sim.url}/pageviews/per-article/en.wikipedia/{access}/{agent}/{title}"
        f"/{granularity}/{start}/{end}"
    )


async def test_rest_pageviews_leave_out_days_without_views(session, simulator):
    simulator.config.now = datetime(2026, 3, 31, tzinfo=UTC)
    article = simulator.corpus.wikis["en"].pages["Cat gap"]

    url = per_article(simulator, "Cat_gap", "20260301", "20260330")
    async with session.get(url) as response:
        items = (await response.json())["items"]

    expected = {
        f"202603{31 - ago:02d}00": article.views_on(ago) for ago in range(1, 31)
    }
    assert {item["timestamp"]: item["views"] for item in items} == {
        stamp: views for stamp, views in expected.items() if views
    }
    assert set(items[0]) == {
        "project",
        "article",
        "granularity",
        "timestamp",
        "access",
        "agent",
        "views",
    }
    assert items[0]["article"] == "Cat_gap"


async def test_rest_pageviews_encode_titles_in_the_path(session, simulator):
    url = per_article(simulator, "Pallas%27s_cat", "20200101", "20991231")

    async with session.get(url) as response:
        body = await response.json()

    assert response.status == 200
    assert body["items"][0]["article"] == "Pallas's_cat"


@pytest.mark.parametrize(
    ("title", "start", "end", "status"),
    [
        ("No_such_cat", "20260101", "20260131", 404),
        ("Cat", "20991201", "20991231", 404),
        ("Cat", "20260131", "20260101", 400),
        ("Cat", "2026-01-01", "20260131", 400),
    ],
    ids=["unknown-article", "no-data-yet", "start-after-end", "bad-date"],
)
async def test_rest_pageviews_problems(session, simulator, title, start, end, status):
    async with session.get(per_article(simulator, title, start, end)) as response:
        body = await response.json()

    assert response.status == status
    assert body["type"].startswith("https://mediawiki.org/wiki/HyperSwitch/errors/")


async def test_rest_pageviews_refuse_unknown_access(session, simulator):
    url = per_article(simulator, "Cat", "20260101", "20260131", access="paper")

    async with session.get(url) as response:
        body = await response.json()

    assert response.status == 400
    assert "access should be equal to one of the allowed values" in body["detail"][0]


async def test_rest_pageviews_monthly_sums_the_days(session, simulator):
    simulator.config.now = datetime(2026, 3, 1, tzinfo=UTC)
    article = simulator.corpus.wikis["en"].pages["Lion"]

    url = per_article(simulator, "Lion", "20260201", "20260228", granularity="monthly")
    async with session.get(url) as response:
        items = (await response.json())["items"]

    assert [item["timestamp"] for item in items] == ["2026020100"]
    assert items[0]["views"] == sum(article.views_on(ago) for ago in range(1, 29))


# --- LiftWing ----------------------------------------------------------------


async def test_articlequality_extended_output(session, simulator):
    status, body = await predict_call(
        session,
        simulator,
        "articlequality",
        {"rev_id": 1290468237, "lang": "en", "extended_output": "true"},
    )

    assert status == 200
    assert list(body) == [
        "label",
        "features",
        "score",
        "model_name",
        "model_version",
        "wiki_db",
        "revision_id",
    ]
    assert body["label"] == "FA"
    assert round(body["score"], 5) == 0.98258
    assert body["features"]["raw"]["characters"] == 49245
    assert body["features"]["normalized"]["categories"] == pytest.approx(7 / 15)
    assert body["wiki_db"] == "enwiki"


async def test_articlequality_without_extended_output_has_score_only(
    session, simulator
):
    status, body = await predict_call(
        session, simulator, "articlequality", {"rev_id": 1290468237, "lang": "en"}
    )

    assert status == 200
    assert set(body) == {
        "score",
        "model_name",
        "model_version",
        "wiki_db",
        "revision_id",
    }


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"rev_id": 1290468237, "lang": "en", "extended_output": True}, 500,
         "AttributeError"),
        ({"rev_id": 1283999012, "lang": "en"}, 500, "has errors when preprocessing"),
        ({"rev_id": 12345, "lang": "en"}, 400, "Revision 12345 does not exist"),
        ({"rev_id": 1290468237, "lang": "xx"}, 400, "no xxwiki"),
        ({"rev_id": "1290468237", "lang": "en"}, 400, "integer"),
        ({"lang": "en"}, 400, "rev_id is required"),
    ],
    ids=["boolean-extended-output", "empty-text", "unknown-revision",
         "unknown-lang", "string-rev-id", "no-rev-id"],
)  # fmt: skip
async def test_articlequality_errors(session, simulator, body, status, message):
    answer_status, answer = await predict_call(
        session, simulator, "articlequality", body
    )

    assert answer_status == status
    assert message in answer["error"]


async def test_outlink_topics_above_the_threshold(session, simulator):
    status, body = await predict_call(
        session,
        simulator,
        "outlink-topic-model",
        {"page_title": "Tiger", "lang": "en", "threshold": 0.6},
    )

    assert status == 200
    assert body["prediction"]["article"] == "https://en.wikipedia.org/wiki/Tiger"
    assert [r["topic"] for r in body["prediction"]["results"]] == [
        "STEM.Biology",
        "STEM.STEM*",
        "Geography.Regions.Asia.Asia*",
    ]


async def test_outlink_topics_follow_redirects(session, simulator):
    status, body = await predict_call(
        session,
        simulator,
        "outlink-topic-model",
        {"page_title": "Jaguar", "lang": "es"},
    )

    assert status == 200
    assert body["prediction"]["results"][0]["topic"] == "STEM.Biology"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"page_title": "Tiger", "lang": "en", "threshold": 1}, "to be a float"),
        ({"page_title": "No such cat", "lang": "en"}, "does not exist"),
        ({"lang": "en"}, "either `page_title` or `page_id`"),
        ({"page_title": "Tiger"}, 'Missing "lang"'),
    ],
    ids=["integer-threshold", "unknown-title", "no-title", "no-lang"],
)
async def test_outlink_topic_errors(session, simulator, body, message):
    status, answer = await predict_call(session, simulator, "outlink-topic-model", body)

    assert status == 400
    assert message in answer["error"]


async def test_article_country(session, simulator):
    status, body = await predict_call(
        session, simulator, "article-country", {"title": "Iberian lynx", "lang": "en"}
    )

    assert status == 200
    assert body["model_name"] == "article-country"
    assert body["prediction"]["wikidata_item"] == "Q43310"
    spain, portugal = body["prediction"]["results"]
    assert (spain["country"], spain["score"]) == ("Spain", 1.0)
    assert spain["source"]["wikidata_properties"] == [{"P17": "country"}]
    assert portugal["country"] == "Portugal"


async def test_article_country_can_find_none(session, simulator):
    status, body = await predict_call(
        session, simulator, "article-country", {"title": "Cat", "lang": "en"}
    )

    assert status == 200
    assert body["prediction"]["results"] == []


async def test_article_country_needs_a_title(session, simulator):
    status, body = await predict_call(
        session, simulator, "article-country", {"page_title": "Cat", "lang": "en"}
    )

    assert status == 400
    assert body["error"] == "The parameter title is required."


async def test_unknown_model_is_404(session, simulator):
    status, body = await predict_call(session, simulator, "revertrisk", {})

    assert status == 404
    assert "revertrisk" in body["error"]


# --- Limits ------------------------------------------------------------------


async def test_more_than_three_concurrent_requests_to_a_wiki_get_429(
    session, simulator
):
    simulator.config.enforce_limits = True
    simulator.config.latency = 0.2

    answers = await asyncio.gather(
        *(api_get(session, simulator, titles="Cat") for _ in range(5))
    )

    statuses = sorted(response.status for response, _ in answers)
    assert statuses == [200, 200, 200, 429, 429]
    assert {r.headers["Retry-After"] for r, _ in answers if r.status == 429} == {"1"}
    assert simulator.recorder.peak_concurrency("en") == 5
    assert simulator.recorder.throttled == 2


@pytest.mark.parametrize(
    ("headers", "refused"),
    [({}, 5), ({"Authorization": "Bearer token"}, 0)],
    ids=["anonymous-15-per-second", "token-100-per-second"],
)
async def test_liftwing_rate_limit(session, simulator, headers, refused):
    simulator.config.enforce_limits = True
    url = f"{simulator.url}/liftwing/v1/models/articlequality:predict"
    body = {"rev_id": 1290468237, "lang": "en"}

    statuses = []
    for _ in range(20):
        async with session.post(url, json=body, headers=headers) as response:
            statuses.append((response.status, response.headers.get("Retry-After")))

    assert statuses.count((429, "1")) == refused
    assert statuses.count((200, None)) == 20 - refused


# --- Faults ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [(FaultKind.THROTTLE, {429}), (FaultKind.SERVER_ERROR, {500, 502, 503})],
    ids=["429", "5xx"],
)
async def test_http_error_faults(session, simulator, kind, status):
    simulator.config.faults = FaultPlan().fail_first("mediawiki", 1, kind)

    failed, _ = await api_get(session, simulator, titles="Cat")
    healthy, _ = await api_get(session, simulator, titles="Cat")

    assert failed.status in status
    assert healthy.status == 200
    assert [fault.kind for fault in simulator.recorder.faults] == [kind]


async def test_throttle_fault_says_when_to_retry(session, simulator):
    simulator.config.faults = FaultPlan().fail_first("mediawiki", 1, "429")
    simulator.config.retry_after = 3

    failed, _ = await api_get(session, simulator, titles="Cat")

    assert failed.headers["Retry-After"] == "3"
    assert simulator.recorder.throttled == 1


async def test_maxlag_fault_only_hits_requests_that_sent_maxlag(session, simulator):
    simulator.config.faults = FaultPlan().fail_title("mediawiki", "Cat", "maxlag")

    response, text = await api_get(session, simulator, titles="Cat", maxlag="5")
    interactive, _ = await api_get(session, simulator, titles="Cat")

    assert response.status == 200
    assert json.loads(text)["error"]["code"] == "maxlag"
    assert response.headers["Retry-After"] == "1"
    assert interactive.status == 200
    assert len(simulator.recorder.faults) == 1


async def test_timeout_fault_hangs_past_the_client_timeout(session, simulator):
    simulator.config.faults = FaultPlan(hang_seconds=5).fail_first(
        "pageviews", 1, "timeout"
    )
    url = per_article(simulator, "Cat", "20200101", "20991231")

    with pytest.raises(TimeoutError):
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=0.2)):
            pass

    assert simulator.recorder.faults[0].kind == FaultKind.TIMEOUT


async def test_reset_fault_closes_the_connection(session, simulator):
    simulator.config.faults = FaultPlan().fail_first("liftwing", 1, "reset")

    with pytest.raises(aiohttp.ServerDisconnectedError):
        await predict_call(
            session, simulator, "articlequality", {"rev_id": 1290468237, "lang": "en"}
        )

    record = simulator.recorder.requests("liftwing")[0]
    assert (record.fault, record.status) == ("reset", None)


async def test_malformed_fault_cuts_the_json(session, simulator):
    simulator.config.faults = FaultPlan().fail_first("mediawiki", 1, "malformed")

    response, text = await api_get(session, simulator, titles="Cat")

    assert response.status == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


@pytest.mark.parametrize(
    ("model", "body", "left"),
    [
        ("articlequality", {"rev_id": 1290468237, "lang": "en"},
         {"model_name", "model_version", "wiki_db", "revision_id"}),
        ("outlink-topic-model", {"page_title": "Cat", "lang": "en"}, set()),
    ],
    ids=["articlequality-without-score", "outlink-without-prediction"],
)  # fmt: skip
async def test_missing_field_fault(session, simulator, model, body, left):
    simulator.config.faults = FaultPlan().fail_first("liftwing", 1, "missing_field")

    status, answer = await predict_call(session, simulator, model, body)

    assert status == 200
    assert set(answer) == left


async def test_missing_field_fault_drops_query(session, simulator):
    simulator.config.faults = FaultPlan().fail_first("mediawiki", 1, "missing_field")

    body = await page_query(session, simulator, ["Cat"])

    assert "query" not in body
    assert body["batchcomplete"] is True


async def test_title_fault_fails_only_that_title(session, simulator):
    simulator.config.faults = FaultPlan().fail_title("liftwing", "Cat", "5xx")

    url = f"{simulator.url}/liftwing/v1/models"
    statuses = []
    for model, body in [
        ("articlequality", {"rev_id": 1290468237, "lang": "en"}),
        ("outlink-topic-model", {"page_title": "Cat", "lang": "en"}),
        ("outlink-topic-model", {"page_title": "Lion", "lang": "en"}),
    ]:
        async with session.post(f"{url}/{model}:predict", json=body) as response:
            statuses.append(response.status)

    assert statuses[0] >= 500
    assert statuses[1] >= 500
    assert statuses[2] == 200


async def failed_paths(plan: FaultPlan) -> list[tuple[str, str]]:
    """Which of 40 distinct requests a fresh simulator fails under `plan`."""
    async with running_simulator(SimulatorConfig(faults=plan)) as sim:
        async with aiohttp.ClientSession() as session:
            for number in range(1, 41):
                title = f"Synthetic article {number:04d}"
                await api_get(session, sim, titles=title)
        return [(r.params["titles"], r.fault or "") for r in sim.recorder.requests()]


async def test_random_faults_are_seeded():
    kinds = (FaultKind.THROTTLE, FaultKind.SERVER_ERROR, FaultKind.MALFORMED)

    first = await failed_paths(FaultPlan(rate=0.3, kinds=kinds, seed=7))
    again = await failed_paths(FaultPlan(rate=0.3, kinds=kinds, seed=7))
    other = await failed_paths(FaultPlan(rate=0.3, kinds=kinds, seed=8))

    assert first == again
    assert first != other
    assert 3 <= sum(1 for _, fault in first if fault) <= 20


async def test_a_retried_request_gets_a_fresh_draw(session, simulator):
    simulator.config.faults = FaultPlan(rate=0.5, kinds=(FaultKind.THROTTLE,), seed=1)

    statuses = set()
    for _ in range(12):
        response, _ = await api_get(session, simulator, titles="Cat")
        statuses.add(response.status)

    assert statuses == {200, 429}


# --- Recording ---------------------------------------------------------------


async def test_every_request_is_recorded(session, simulator):
    headers = {"User-Agent": "MicrotaskGenerator/0.1.0 (microtask-tests)"}

    await api_get(session, simulator, "es", headers, titles="León")
    async with session.post(
        f"{simulator.url}/liftwing/v1/models/article-country:predict",
        json={"title": "Gato", "lang": "es"},
        headers=headers,
    ):
        pass

    mediawiki, liftwing = simulator.recorder.requests()
    assert mediawiki.service == "mediawiki"
    assert (mediawiki.host, mediawiki.method) == ("es", "GET")
    assert mediawiki.titles == ["León"]
    assert mediawiki.user_agent == headers["User-Agent"]
    assert (liftwing.service, liftwing.host) == ("liftwing", "article-country")
    assert liftwing.json == {"title": "Gato", "lang": "es"}
    assert liftwing.status == 200
    assert mediawiki.t_end is not None
    assert mediawiki.t_start <= mediawiki.t_end <= liftwing.t_start
    assert simulator.recorder.counts() == {
        "mediawiki": 1,
        "pageviews": 0,
        "liftwing": 1,
    }


async def test_settings_point_at_the_simulator(simulator):
    settings = simulator.settings

    assert settings.mediawiki_endpoint("en") == f"{simulator.url}/en/w/api.php"
    assert settings.pageviews_url == f"{simulator.url}/pageviews"
    assert settings.liftwing_url == f"{simulator.url}/liftwing/v1/models"
    assert (settings.contact, settings.backoff, settings.timeout) == (
        "microtask-tests",
        0.01,
        2.0,
    )


def test_simulator_thread_serves_synchronous_clients(simulator_thread):
    url = simulator_thread.settings.mediawiki_endpoint("ja")

    response = requests.get(
        url,
        params={
            "action": "query",
            "format": "json",
            "formatversion": "2",
            "titles": "猫",
            "redirects": "1",
        },
        timeout=5,
    )

    assert response.json()["query"]["pages"][0]["title"] == "ネコ"
    assert simulator_thread.recorder.count("mediawiki", "ja") == 1


# --- Corpus and quality ------------------------------------------------------


def test_cat_reproduces_liftwing_score_and_class():
    prediction = predict("en", CAT_FEATURES)

    assert round(prediction.score, 5) == 0.98258
    assert prediction.label == "FA"
    assert prediction.normalized["characters"] == 1
    assert isinstance(prediction.normalized["characters"], int)


@pytest.mark.parametrize(
    ("linpred", "label"),
    [(1.0, "Stub"), (5.0, "Start"), (8.0, "C"), (9.2, "B"), (9.6, "GA"), (9.85, "FA")],
    ids=["stub", "start", "c", "b", "ga", "fa"],
)
def test_class_is_the_most_probable_one(linpred, label):
    assert most_probable(linpred) == label


def test_corpus_has_every_kind_of_page_the_tests_need():
    corpus = build_corpus()
    en = corpus.wikis["en"]

    classes = {
        predict("en", page.features).label
        for page in en.pages.values()
        if page.ns == 0 and page.features.characters
    }
    assert classes == {"Stub", "Start", "C", "B", "GA", "FA"}
    assert en.pages["Jungle cat"].features.messagebox
    assert en.pages["List of cat breeds"].features.characters == 0
    assert {"en", "es", "ar", "ja"} <= set(corpus.langs)
    assert len(en.categories["Category:Synthetic test articles"].members) > 500


def test_corpus_topics_come_from_the_real_taxonomy():
    corpus = build_corpus(synthetic_count=50)

    pages = [
        page
        for wiki in corpus.wikis.values()
        for title in [*wiki.pages, *corpus.synthetic.titles()]
        if (page := wiki.page(title)) is not None
    ]

    labels = {label for page in pages for label, _ in page.topics}
    assert len(pages) == sum(len(w.pages) + 50 for w in corpus.wikis.values())
    assert labels <= set(TOPIC_LABELS)


def test_category_members_exist_as_pages():
    corpus = build_corpus(synthetic_count=50)

    missing = [
        (wiki.lang, row.title)
        for wiki in corpus.wikis.values()
        for category in wiki.categories.values()
        for row in category.members
        if row.ns in (0, 14) and wiki.page(row.title) is None
    ]

    assert missing == []


def test_synthetic_articles_are_deterministic_by_seed():
    one = build_corpus(synthetic_count=5, seed=1).synthetic
    same = build_corpus(synthetic_count=5, seed=1).synthetic
    other = build_corpus(synthetic_count=5, seed=2).synthetic

    title = "Synthetic article 0003"
    article = one.article("es", title)
    assert article is not None
    assert article == same.article("es", title)
    assert article != other.article("es", title)
    assert one.article("es", "Synthetic article 0006") is None
    assert one.by_revid("es", article.revid) == article


def test_last_edit_is_relative_to_now():
    article = build_corpus().wikis["en"].pages["Sand cat"]
    now = datetime(2026, 6, 1, tzinfo=UTC)

    assert now - article.last_edit(now) == timedelta(days=905)
