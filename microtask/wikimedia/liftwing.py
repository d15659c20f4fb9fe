"""LiftWing client: article quality, topics and countries, one article per request.

The three models share one pace at `RATE_MARGIN` × `settings.liftwing_limit` (15/s
anonymous, 100/s with a token), registered on the transport under the host key
"liftwing"; the transport shares it with every run of the process.
Answers are checked field by field: a missing or mistyped field is a
`BadResponse`, never a silent zero; such an answer is retried first, since an
overloaded backend sometimes cuts one short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from microtask.config import Settings
from microtask.models import FEATURE_NAMES, Country, Feature, Quality, Topic
from microtask.wikimedia.errors import BadResponse
from microtask.wikimedia.http import LIFTWING, WikimediaHttp

T = TypeVar("T")

QUALITY_MODEL = "articlequality"
TOPIC_MODEL = "outlink-topic-model"
COUNTRY_MODEL = "article-country"

# Requests leave at 95 % of the published rate. At exactly 15/s, 16 requests span
# exactly one second, and a request that leaves a few milliseconds late (a busy
# event loop, a new connection) puts them into one quota window: a 429 and a full
# second lost. Measured: at 97 % a 429 in some runs; at 95 % the window has 50 ms
# of slack, which a quiet machine does not exceed (docs/benchmarks.md).
RATE_MARGIN = 0.95


class LiftWingClient:
    """The LiftWing models the reports need, behind one shared rate limit."""

    def __init__(self, http: WikimediaHttp, settings: Settings) -> None:
        self.http = http
        self.settings = settings
        http.limit_rate(LIFTWING, settings.liftwing_limit * RATE_MARGIN)

    async def quality(self, lang: str, rev_id: int) -> Quality:
        """Score, label and features of one revision (language-agnostic model)."""
        # extended_output must be the string "true": the model ignores a boolean.
        body = {"rev_id": int(rev_id), "lang": lang, "extended_output": "true"}
        article = f"{lang} revision {rev_id}"
        return await self._predict(
            QUALITY_MODEL, body, lambda data: _quality(data, article, rev_id)
        )

    async def topics(
        self, lang: str, title: str, threshold: float = 0.5
    ) -> list[Topic]:
        """Outlink topics at or above `threshold`, highest score first."""
        # The model rejects an integer threshold: always send a JSON float.
        body = {"page_title": title, "lang": lang, "threshold": float(threshold)}
        return await self._predict(
            TOPIC_MODEL, body, lambda data: _topics(data, f"{lang}:{title}")
        )

    async def countries(self, lang: str, title: str) -> list[Country]:
        """Countries the article is about, highest score first; often none."""
        body = {"title": title, "lang": lang}
        return await self._predict(
            COUNTRY_MODEL, body, lambda data: _countries(data, f"{lang}:{title}")
        )

    async def _predict(
        self, model: str, body: dict[str, Any], parse: Callable[[Any], T]
    ) -> T:
        """POST to a model; an answer `parse` cannot read is retried, then refused."""
        headers = {}
        if self.settings.liftwing_token:
            headers["Authorization"] = f"Bearer {self.settings.liftwing_token}"
        result: T = await self.http.post_json(
            f"{self.settings.liftwing_url}/{model}:predict",
            json=body,
            service=LIFTWING,
            host_key=LIFTWING,
            headers=headers,
            parse=parse,
        )
        return result


def _quality(data: Any, article: str, rev_id: int) -> Quality:
    with _parsing(QUALITY_MODEL, article):
        features = data["features"]
        return Quality(
            rev_id=int(data.get("revision_id", rev_id)),
            score=_number(data["score"]),
            label=_text(data["label"]),
            features={
                name: Feature(
                    raw=_number_or_flag(features["raw"][name]),
                    normalized=_number_or_flag(features["normalized"][name]),
                )
                for name in FEATURE_NAMES
            },
        )


def _topics(data: Any, article: str) -> list[Topic]:
    with _parsing(TOPIC_MODEL, article):
        topics = [
            Topic(label=_text(result["topic"]), score=_number(result["score"]))
            for result in data["prediction"]["results"]
        ]
    return sorted(topics, key=lambda topic: topic.score, reverse=True)


def _countries(data: Any, article: str) -> list[Country]:
    with _parsing(COUNTRY_MODEL, article):
        countries = [
            Country(name=_text(result["country"]), score=_number(result["score"]))
            for result in data["prediction"]["results"]
        ]
    return sorted(countries, key=lambda country: country.score, reverse=True)


@contextmanager
def _parsing(model: str, article: str) -> Iterator[None]:
    """A missing or mistyped field becomes `BadResponse` naming model and article."""
    try:
        yield
    except (KeyError, TypeError, ValueError) as exc:
        missing = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
        raise BadResponse(
            LIFTWING,
            f"{model} answered for {article} without the expected fields "
            f"({missing}); the model's output may have changed",
        ) from None


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _number_or_flag(value: Any) -> float | bool:
    # infobox and messagebox are booleans in both raw and normalized features.
    return value if isinstance(value, bool) else _number(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value
