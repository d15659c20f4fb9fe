"""LiftWingClient against fake model servers: bodies, parsing, the shared limit."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest

from microtask.models import FEATURE_NAMES, Country, Feature, Topic
from microtask.wikimedia.errors import BadResponse
from microtask.wikimedia.http import LIFTWING, WikimediaHttp
from microtask.wikimedia.liftwing import RATE_MARGIN, LiftWingClient
from tests.fakes import Seen, fake_service, fake_settings, most_in_any_second

# A made-up but well-formed extended articlequality answer (not a real revision).
QUALITY = {
    "score": 0.61,
    "model_name": "articlequality",
    "model_version": "1",
    "wiki_db": "enwiki",
    "revision_id": 777001,
    "label": "C",
    "features": {
        "raw": {
            "characters": 12100,
            "refs": 9,
            "wikilinks": 140,
            "categories": 3,
            "media": 1,
            "headings": 6,
            "sources": 8,
            "infobox": False,
            "messagebox": True,
        },
        "normalized": {
            "characters": 0.9,
            "refs": 0.35,
            "wikilinks": 1,
            "categories": 0.6,
            "media": 0.5,
            "headings": 0.45,
            "sources": 1,
            "infobox": False,
            "messagebox": True,
        },
    },
}
TOPICS = {
    "prediction": {
        "article": "https://en.wikipedia.org/wiki/Lighthouse",
        "results": [
            {"topic": "Geography.Regions.Europe.Northern_Europe", "score": 0.58},
            {"topic": "STEM.Technology", "score": 0.91},
        ],
    }
}
COUNTRIES = {
    "model_name": "article-country",
    "model_version": "1",
    "prediction": {
        "article": "https://en.wikipedia.org/wiki/Lighthouse",
        "wikidata_item": "Q39715",
        "results": [
            {"country": "Norway", "score": 0.4, "source": {"categories": []}},
            {"country": "Ireland", "score": 1.0, "source": {"links": []}},
        ],
    },
}


def models(seen: Seen) -> dict[str, Any]:
    """A LiftWing that knows the three models by their URL."""
    if seen.path.endswith("/articlequality:predict"):
        return QUALITY
    if seen.path.endswith("/outlink-topic-model:predict"):
        return TOPICS
    return COUNTRIES


async def test_quality_sends_the_documented_body_and_parses_all_features() -> None:
    async with fake_service(models) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            quality = await LiftWingClient(http, http.settings).quality("en", 777001)

    (seen,) = fake.requests
    assert seen.path == "/liftwing/v1/models/articlequality:predict"
    assert seen.json == {"rev_id": 777001, "lang": "en", "extended_output": "true"}
    assert (quality.rev_id, quality.score, quality.label) == (777001, 0.61, "C")
    assert list(quality.features) == list(FEATURE_NAMES)
    assert quality.features["refs"] == Feature(raw=9, normalized=0.35)
    assert quality.features["infobox"] == Feature(raw=False, normalized=False)
    assert quality.features["messagebox"].normalized is True


def without(path: tuple[str, ...]) -> dict[str, Any]:
    answer = copy.deepcopy(QUALITY)
    holder: Any = answer
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    return answer


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        pytest.param(without(("label",)), "no 'label'", id="no-label"),
        pytest.param(without(("score",)), "no 'score'", id="no-score"),
        pytest.param(without(("features",)), "no 'features'", id="not-extended"),
        pytest.param(
            without(("features", "raw", "refs")), "no 'refs'", id="no-raw-refs"
        ),
        pytest.param(
            without(("features", "normalized", "media")), "no 'media'", id="no-media"
        ),
        pytest.param(
            {**QUALITY, "score": "high"}, "expected a number", id="score-text"
        ),
    ],
)
async def test_quality_with_a_missing_field_is_a_bad_response(
    answer: dict[str, Any], words: str
) -> None:
    async with fake_service(lambda seen: answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = LiftWingClient(http, http.settings)
            with pytest.raises(BadResponse, match=words) as caught:
                await client.quality("en", 777001)

    assert "en revision 777001" in str(caught.value)


@pytest.mark.parametrize(
    "threshold",
    [pytest.param(1, id="int-becomes-float"), pytest.param(0.3, id="float")],
)
async def test_topics_send_the_threshold_as_a_float(threshold: float) -> None:
    async with fake_service(models) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            client = LiftWingClient(http, http.settings)
            topics = await client.topics("en", "Lighthouse", threshold=threshold)

    (seen,) = fake.requests
    assert seen.path == "/liftwing/v1/models/outlink-topic-model:predict"
    assert seen.json == {
        "page_title": "Lighthouse",
        "lang": "en",
        "threshold": threshold,
    }
    assert isinstance(seen.json["threshold"], float)
    assert topics == [
        Topic("STEM.Technology", 0.91),
        Topic("Geography.Regions.Europe.Northern_Europe", 0.58),
    ]


async def test_countries_send_title_and_sort_by_score() -> None:
    async with fake_service(models) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            countries = await LiftWingClient(http, http.settings).countries(
                "en", "Lighthouse"
            )

    (seen,) = fake.requests
    assert seen.path == "/liftwing/v1/models/article-country:predict"
    assert seen.json == {"title": "Lighthouse", "lang": "en"}
    assert countries == [Country("Ireland", 1.0), Country("Norway", 0.4)]


async def test_countries_may_be_none() -> None:
    empty: dict[str, Any] = {
        "prediction": {"article": "x", "wikidata_item": None, "results": []}
    }

    async with fake_service(lambda seen: empty) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            countries = await LiftWingClient(http, http.settings).countries("en", "X")

    assert countries == []


@pytest.mark.parametrize(
    ("token", "authorization"),
    [
        pytest.param("s3cret", "Bearer s3cret", id="with-token"),
        pytest.param("", None, id="anonymous"),
    ],
)
async def test_bearer_header_only_with_a_token(
    token: str, authorization: str | None
) -> None:
    async with fake_service(models) as fake:
        async with WikimediaHttp(fake_settings(fake.url, liftwing_token=token)) as http:
            client = LiftWingClient(http, http.settings)
            await client.quality("en", 1)
            await client.topics("en", "A")
            await client.countries("en", "A")

    assert [seen.headers.get("Authorization") for seen in fake.requests] == [
        authorization
    ] * 3


@pytest.mark.parametrize(
    ("overrides", "rate"),
    [
        pytest.param({}, 15.0, id="anonymous-15"),
        pytest.param({"liftwing_token": "t"}, 100.0, id="token-100"),
        pytest.param({"liftwing_rate": 4.0}, 4.0, id="configured"),
    ],
)
def test_one_pace_at_the_liftwing_limit(overrides: dict[str, Any], rate: float) -> None:
    http = WikimediaHttp(fake_settings("http://127.0.0.1:9", **overrides))

    LiftWingClient(http, http.settings)
    LiftWingClient(http, http.settings)

    spacing = 1 / (rate * RATE_MARGIN)
    assert http.rate_interval(LIFTWING) == pytest.approx(spacing)
    assert 0.9 < RATE_MARGIN < 1


async def ask_a_model(client: LiftWingClient, n: int) -> object:
    """Turn by turn quality, topics and countries, as the engine mixes them."""
    if n % 3 == 0:
        return await client.quality("en", n)
    if n % 3 == 1:
        return await client.topics("en", f"A{n}")
    return await client.countries("en", f"A{n}")


async def test_three_models_together_never_exceed_the_rate_in_any_second() -> None:
    rate, calls = 50, 60

    async with fake_service(models) as fake:
        settings = fake_settings(fake.url, liftwing_rate=float(rate))
        async with WikimediaHttp(settings) as http:
            client = LiftWingClient(http, http.settings)
            await asyncio.gather(*(ask_a_model(client, n) for n in range(calls)))

    moments = [seen.at for seen in fake.requests]
    assert len(moments) == calls
    assert most_in_any_second(moments) <= rate
    # Spaced, not bunched: the whole run needs (calls - 1) / rate seconds.
    assert max(moments) - min(moments) >= (calls - 1) / rate * 0.95
