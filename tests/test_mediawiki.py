"""MediaWikiClient against small fake Action APIs: batching, mapping, categories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from microtask.models import CategoryMatch, PageFacts
from microtask.wikimedia.errors import ApiError, UnknownWiki
from microtask.wikimedia.http import WikimediaHttp
from microtask.wikimedia.mediawiki import MediaWikiClient
from tests.fakes import Seen, fake_service, fake_settings, in_turn, status

CAT = {
    "pageid": 6678,
    "ns": 0,
    "title": "Cat",
    "revisions": [
        {
            "revid": 1250000001,
            "parentid": 1249999990,
            "timestamp": "2026-03-27T08:15:00Z",
            "size": 151000,
        }
    ],
    "langlinkscount": 276,
    "pageprops": {"wikibase_item": "Q146"},
}
LONELY = {
    "pageid": 9001,
    "ns": 0,
    "title": "Lonely stub",
    "revisions": [{"revid": 42, "timestamp": "2019-01-02T03:04:05Z", "size": 900}],
}
DE_SITEINFO = {
    "query": {
        "namespaces": {
            "0": {"id": 0, "name": "", "content": True},
            "14": {"id": 14, "name": "Kategorie", "canonical": "Category"},
        },
        "namespacealiases": [{"id": 14, "alias": "Kat"}],
    }
}


def page(title: str, pageid: int) -> dict[str, Any]:
    revision = {"revid": pageid * 10, "timestamp": "2026-01-01T00:00:00Z", "size": 1}
    return {"pageid": pageid, "ns": 0, "title": title, "revisions": [revision]}


async def test_120_titles_go_in_3_batches_of_at_most_50() -> None:
    def answer(seen: Seen) -> dict[str, Any]:
        titles = seen.params["titles"].split("|")
        return {"query": {"pages": [page(t, i + 1) for i, t in enumerate(titles)]}}

    titles = [f"Article {n}" for n in range(120)]
    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            facts = await MediaWikiClient(http, http.settings, "en").page_facts(titles)

    sizes = sorted(len(seen.params["titles"].split("|")) for seen in fake.requests)
    assert sizes == [20, 50, 50]
    assert set(facts) == set(titles)
    assert all(fact.exists for fact in facts.values())


async def test_request_parameters_follow_the_docs() -> None:
    async with fake_service(lambda seen: {"query": {"pages": [CAT]}}) as fake:
        async with WikimediaHttp(fake_settings(fake.url, maxlag=5)) as http:
            await MediaWikiClient(http, http.settings, "en").page_facts(["Cat"])

    (seen,) = fake.requests
    assert seen.method == "GET"
    assert seen.path == "/en/w/api.php"
    assert seen.params == {
        "format": "json",
        "formatversion": "2",
        "action": "query",
        "redirects": "1",
        "converttitles": "1",
        "titles": "Cat",
        "prop": "info|revisions|pageprops|langlinkscount",
        "rvprop": "ids|timestamp|size",
        "ppprop": "wikibase_item|disambiguation",
        "maxlag": "5",
    }


async def test_maxlag_is_not_sent_for_interactive_use() -> None:
    async with fake_service(lambda seen: {"query": {"pages": [CAT]}}) as fake:
        async with WikimediaHttp(fake_settings(fake.url, maxlag=None)) as http:
            await MediaWikiClient(http, http.settings, "en").page_facts(["Cat"])

    assert "maxlag" not in fake.requests[0].params


async def test_long_title_lists_are_posted() -> None:
    def answer(seen: Seen) -> dict[str, Any]:
        titles = seen.params["titles"].split("|")
        return {"query": {"pages": [page(t, i + 1) for i, t in enumerate(titles)]}}

    # "Ä" is six characters once percent-encoded: 50 x 40 of them pass 8 KB.
    titles = [f"{'Ä' * 40} {n}" for n in range(50)]
    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            facts = await MediaWikiClient(http, http.settings, "de").page_facts(titles)

    (seen,) = fake.requests
    assert seen.method == "POST"
    assert seen.params["titles"].split("|") == titles
    assert seen.params["formatversion"] == "2"
    assert all(facts[title].exists for title in titles)


async def test_titles_map_through_normalization_redirects_and_failures() -> None:
    answer = {
        "query": {
            "normalized": [
                {"from": "cat", "to": "Cat"},
                {"from": "felis catus", "to": "Felis catus"},
            ],
            "redirects": [{"from": "Felis catus", "to": "Cat"}],
            "interwiki": [{"title": "wikt:cat", "iw": "wikt"}],
            "pages": [
                CAT,
                LONELY,
                {"ns": 0, "title": "Nonexistent xyz", "missing": True},
                {
                    "title": "Talk:<bad>",
                    "invalidreason": "The requested page title contains invalid "
                    'characters: "<".',
                    "invalid": True,
                },
            ],
        }
    }
    titles = [
        "cat",
        "felis catus",
        "Lonely stub",
        "Nonexistent xyz",
        "Talk:<bad>",
        "wikt:cat",
        "A|B",
        "Ghost",
    ]

    async with fake_service(lambda seen: answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            facts = await MediaWikiClient(http, http.settings, "en").page_facts(titles)

    assert list(facts) == titles
    assert "A|B" not in fake.requests[0].params["titles"].split("|")
    assert facts["cat"] == PageFacts(
        input_title="cat",
        title="Cat",
        exists=True,
        page_id=6678,
        rev_id=1250000001,
        last_edit=datetime(2026, 3, 27, 8, 15, tzinfo=UTC),
        language_editions=276,
        wikidata_item="Q146",
    )
    redirected = facts["felis catus"]
    assert (redirected.title, redirected.redirected_from) == ("Cat", "felis catus")
    assert redirected.exists and redirected.rev_id == 1250000001
    lonely = facts["Lonely stub"]
    assert (lonely.language_editions, lonely.wikidata_item) == (0, None)
    assert lonely.redirected_from is None
    missing = facts["Nonexistent xyz"]
    assert (missing.exists, missing.invalid_reason, missing.rev_id) == (
        False,
        None,
        None,
    )
    assert "invalid characters" in (facts["Talk:<bad>"].invalid_reason or "")
    assert "another wiki" in (facts["wikt:cat"].invalid_reason or "")
    assert "'|'" in (facts["A|B"].invalid_reason or "")
    assert "did not mention" in (facts["Ghost"].invalid_reason or "")
    assert not any(facts[t].exists for t in titles[3:])


async def test_pageviews_follow_every_continuation_and_skip_null_days() -> None:
    def views(*counts: int | None) -> dict[str, int | None]:
        return {f"2026-03-{day:02d}": count for day, count in enumerate(counts, 1)}

    first_continue = {"pvipcontinue": "A|B", "continue": "||info|revisions"}
    second_continue = {"pvipcontinue": "A|B|C", "continue": "||info|revisions"}
    answer = in_turn(
        {
            "continue": first_continue,
            "query": {
                "pages": [
                    dict(page("A", 1), pageviews=views(10, None, 5)),
                    page("B", 2),
                    page("C", 3),
                ]
            },
        },
        {
            "continue": second_continue,
            "query": {
                "pages": [
                    {
                        "pageid": 2,
                        "ns": 0,
                        "title": "B",
                        "pageviews": views(None, None),
                    },
                    {"pageid": 3, "ns": 0, "title": "C"},
                ]
            },
        },
        {
            "batchcomplete": True,
            "query": {
                "pages": [
                    {"pageid": 3, "ns": 0, "title": "C", "pageviews": views(7, 8)}
                ]
            },
        },
    )

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            facts = await client.page_facts(["A", "B", "C"], pageviews=True)

    first, second, third = (seen.params for seen in fake.requests)
    assert first["prop"].endswith("|pageviews") and first["pvipdays"] == "30"
    assert second == {**first, **first_continue}
    assert third == {**first, **second_continue}
    assert {t: facts[t].pageviews for t in "ABC"} == {"A": 15, "B": 0, "C": 15}
    assert facts["C"].rev_id == 30
    assert client.pageviews_available is True


async def test_wiki_without_pageviewinfo_is_reported() -> None:
    answer = {
        "warnings": {
            "query": {
                "warnings": 'Unrecognized value for parameter "prop": pageviews.'
            },
            "main": {"warnings": "Unrecognized parameter: pvipdays."},
        },
        "query": {"pages": [CAT]},
    }

    async with fake_service(lambda seen: answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "xx")
            facts = await client.page_facts(["Cat"], pageviews=True)

    assert client.pageviews_available is False
    assert facts["Cat"].exists and facts["Cat"].pageviews is None


async def test_pageviews_are_none_when_not_asked() -> None:
    async with fake_service(lambda seen: {"query": {"pages": [CAT]}}) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            facts = await client.page_facts(["Cat"])

    assert facts["Cat"].pageviews is None
    assert "pvipdays" not in fake.requests[0].params
    assert client.pageviews_available is None


async def test_api_error_in_a_batch_fails_the_call() -> None:
    error = {"error": {"code": "toomanyvalues", "info": "Too many values for titles"}}

    async with fake_service(lambda seen: error) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            with pytest.raises(ApiError, match="Too many values") as caught:
                await client.page_facts(["A", "B"])

    assert caught.value.code == "toomanyvalues"
    assert len(fake.requests) == 1


def members(*titles: str, more: str | None = None) -> dict[str, Any]:
    listed = [{"pageid": i, "ns": 0, "title": t} for i, t in enumerate(titles, 1)]
    answer: dict[str, Any] = {"query": {"categorymembers": listed}}
    if more:
        answer["continue"] = {"cmcontinue": more, "continue": "-||"}
    return answer


async def test_category_members_follow_continuations_through_empty_pages() -> None:
    answer = in_turn(
        members("A", "B", more="page|B|2"),
        members(more="page|C|3"),
        members("C", "D", "E", "F", more="page|G|7"),
        members("never", "asked"),
    )

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            titles = await client.category_members("Physics", limit=5)

    assert titles == ["A", "B", "C", "D", "E"]
    assert len(fake.requests) == 3
    first, second, _ = (seen.params for seen in fake.requests)
    assert first["list"] == "categorymembers"
    assert (first["cmtitle"], first["cmnamespace"], first["cmtype"]) == (
        "Category:Physics",
        "0",
        "page",
    )
    assert first["cmlimit"] == "5"
    assert (second["cmcontinue"], second["continue"]) == ("page|B|2", "-||")


@pytest.mark.parametrize(
    ("limit", "cmlimit", "expected"),
    [
        pytest.param(10, "10", ["A", "B", "C"], id="fewer-members-than-limit"),
        pytest.param(2000, "500", ["A", "B", "C"], id="cmlimit-capped-at-500"),
    ],
)
async def test_category_members_stop_when_the_category_ends(
    limit: int, cmlimit: str, expected: list[str]
) -> None:
    async with fake_service(lambda seen: members("A", "B", "C")) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            titles = await client.category_members("Physics", limit=limit)

    assert titles == expected
    assert [seen.params["cmlimit"] for seen in fake.requests] == [cmlimit]


async def test_zero_limit_asks_nothing() -> None:
    async with fake_service(lambda seen: members("A")) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            titles = await client.category_members("Physics", limit=0)

    assert titles == []
    assert fake.requests == []


@pytest.mark.parametrize(
    ("name", "cmtitle"),
    [
        pytest.param("Physik", "Category:Physik", id="bare"),
        pytest.param("Category:Physik", "Category:Physik", id="canonical"),
        pytest.param("category:Physik", "Category:Physik", id="canonical-lower-case"),
        pytest.param("Kategorie:Physik", "Category:Physik", id="localized"),
        pytest.param("Kat:Physik", "Category:Physik", id="alias"),
        pytest.param(
            "Star Wars: Episode I", "Category:Star Wars: Episode I", id="colon-in-name"
        ),
    ],
)
async def test_category_names_in_every_form(name: str, cmtitle: str) -> None:
    def answer(seen: Seen) -> dict[str, Any]:
        return DE_SITEINFO if seen.params.get("meta") == "siteinfo" else members("X")

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "de")
            await client.category_members(name, limit=10)

    listed = [seen.params for seen in fake.requests if "list" in seen.params]
    assert [params["cmtitle"] for params in listed] == [cmtitle]


async def test_siteinfo_is_read_once_per_client() -> None:
    def answer(seen: Seen) -> dict[str, Any]:
        return DE_SITEINFO if seen.params.get("meta") == "siteinfo" else members("X")

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "de")
            await client.check_wiki()
            await client.category_members("Kategorie:Physik", limit=1)
            await client.category_members("Kat:Chemie", limit=1)

    asked = [seen.params.get("meta") or seen.params["list"] for seen in fake.requests]
    assert asked == ["siteinfo", "categorymembers", "categorymembers"]


@pytest.mark.parametrize(
    ("answered_page", "expected"),
    [
        pytest.param(
            {
                "pageid": 5,
                "ns": 14,
                "title": "Category:Physics",
                "categoryinfo": {"size": 140, "pages": 120, "files": 0, "subcats": 20},
            },
            CategoryMatch("Physics", 120),
            id="exists",
        ),
        pytest.param(
            {
                "ns": 14,
                "title": "Category:Unwritten",
                "missing": True,
                "categoryinfo": {"size": 3, "pages": 3, "files": 0, "subcats": 0},
            },
            CategoryMatch("Unwritten", 3),
            id="members-without-a-page",
        ),
        pytest.param(
            {"ns": 14, "title": "Category:Nothing here", "missing": True},
            None,
            id="does-not-exist",
        ),
    ],
)
async def test_category_info_tells_missing_from_empty(
    answered_page: dict[str, Any], expected: CategoryMatch | None
) -> None:
    async with fake_service(lambda seen: {"query": {"pages": [answered_page]}}) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            info = await client.category_info("Whatever")

    assert info == expected
    assert fake.requests[0].params["prop"] == "categoryinfo"
    assert fake.requests[0].params["titles"] == "Category:Whatever"


async def test_search_categories_ranks_by_index_and_strips_the_prefix() -> None:
    answer = {
        "query": {
            "pages": [
                {
                    "pageid": 3,
                    "ns": 14,
                    "title": "Category:Physicists",
                    "index": 3,
                    "categoryinfo": {"pages": 40},
                },
                {
                    "pageid": 1,
                    "ns": 14,
                    "title": "Category:Physics",
                    "index": 1,
                    "categoryinfo": {"pages": 120},
                },
                {
                    "pageid": 2,
                    "ns": 14,
                    "title": "Category:Physical chemistry",
                    "index": 2,
                },
            ]
        }
    }

    async with fake_service(lambda seen: answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "en")
            matches = await client.search_categories("Phys", limit=3)

    assert matches == [
        CategoryMatch("Physics", 120),
        CategoryMatch("Physical chemistry", 0),
        CategoryMatch("Physicists", 40),
    ]
    params = fake.requests[0].params
    assert (params["generator"], params["gpsnamespace"]) == ("prefixsearch", "14")
    assert (params["gpssearch"], params["gpslimit"]) == ("Phys", "3")
    assert params["prop"] == "categoryinfo"


@pytest.mark.parametrize(
    "typed", [pytest.param("", id="empty"), pytest.param("  ", id="blank")]
)
async def test_search_categories_without_text_asks_nothing(typed: str) -> None:
    async with fake_service(lambda seen: {}) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            matches = await MediaWikiClient(
                http, http.settings, "en"
            ).search_categories(typed)

    assert matches == []
    assert fake.requests == []


async def test_search_categories_with_no_match() -> None:
    async with fake_service(lambda seen: {"batchcomplete": True}) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            matches = await MediaWikiClient(
                http, http.settings, "en"
            ).search_categories("Zzq")

    assert matches == []


async def test_check_wiki_accepts_a_wiki_that_answers() -> None:
    async with fake_service(lambda seen: DE_SITEINFO) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            await MediaWikiClient(http, http.settings, "de").check_wiki()

    assert fake.requests[0].params["meta"] == "siteinfo"
    assert fake.requests[0].path == "/de/w/api.php"


async def test_check_wiki_rejects_an_unknown_language() -> None:
    not_configured = status(404, "<html><body>Domain not configured</body></html>")

    async with fake_service(in_turn(not_configured)) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = MediaWikiClient(http, http.settings, "xx")
            with pytest.raises(UnknownWiki, match="Check the code"):
                await client.check_wiki()


@pytest.mark.parametrize(
    "lang",
    [
        pytest.param("", id="empty"),
        pytest.param("en/../x", id="path"),
        pytest.param("EN", id="upper-case"),
    ],
)
def test_malformed_language_codes_are_refused_up_front(lang: str) -> None:
    http = WikimediaHttp(fake_settings("http://127.0.0.1:9"))

    with pytest.raises(UnknownWiki, match="not a Wikipedia language code"):
        MediaWikiClient(http, http.settings, lang)
