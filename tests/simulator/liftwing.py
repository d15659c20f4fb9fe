"""LiftWing's three models: `{model}:predict` with one article per request.

Shapes and messages follow the model servers in
machinelearning-liftwing-inference-services (articlequality/model_server,
outlink_topic_model, article_country): KServe answers errors as
`{"error": "..."}`, 400 for bad input, 500 when the model fails (an article
without paragraph text has no articlequality score).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.simulator import quality, responses
from tests.simulator.corpus import Corpus
from tests.simulator.wiki import Article, Wiki

MODELS = ("articlequality", "outlink-topic-model", "article-country")
# distutils.util.strtobool, which the articlequality server applies to
# `extended_output`: anything else (including a JSON true) is an error.
_TRUE = {"y", "yes", "t", "true", "on", "1"}
_FALSE = {"n", "no", "f", "false", "off", "0"}


class BadInput(Exception):
    """Input LiftWing refuses; `status` 400 (InvalidInput) or 500 (model error)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def predict(model: str, body: Any, corpus: Corpus) -> web.Response:
    """Answer one `:predict` request."""
    if model not in MODELS:
        return responses.kserve_error(404, f"Model with name {model} does not exist.")
    if not isinstance(body, dict):
        return responses.kserve_error(
            400, "Please verify that request input is a json dict"
        )
    try:
        if model == "articlequality":
            return responses.json_response(_quality(body, corpus))
        if model == "outlink-topic-model":
            return responses.json_response(_topics(body, corpus))
        return responses.json_response(_countries(body, corpus))
    except BadInput as error:
        return responses.kserve_error(error.status, str(error))


def _quality(body: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    lang = _lang(body)
    rev_id = body.get("rev_id")
    if rev_id is None:
        raise BadInput("The parameter rev_id is required.")
    if not isinstance(rev_id, int) or isinstance(rev_id, bool):
        raise BadInput('Expected "rev_id" to be an integer.')
    extended = _strtobool(body.get("extended_output", "False"))
    wiki = _wiki(corpus, lang)
    article = wiki.by_revid(rev_id)
    if article is None or lang not in quality.MAXIMA:
        raise BadInput(f"Revision {rev_id} does not exist on {lang}wiki.")

    try:
        prediction = quality.predict(lang, article.features)
    except quality.EmptyArticle:
        message = (
            f"Article with language {lang} and revid {rev_id} "
            "has errors when preprocessing"
        )
        raise BadInput(message, status=500) from None
    output: dict[str, Any] = {}
    if extended:
        output["label"] = prediction.label
        output["features"] = {
            "raw": article.features.as_dict(),
            "normalized": prediction.normalized,
        }
    output["score"] = prediction.score
    output["model_name"] = "articlequality"
    output["model_version"] = "1"
    output["wiki_db"] = f"{lang}wiki"
    output["revision_id"] = rev_id
    return output


def _topics(body: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    lang = _lang(body)
    title, page_id = body.get("page_title"), body.get("page_id")
    if title and page_id:
        raise BadInput(
            "Detected both `page_title` and `page_id` in the request. "
            "Please pass only one of those."
        )
    if not title and not page_id:
        raise BadInput("You must pass either `page_title` or `page_id`.")
    threshold = body.get("threshold", 0.5)
    if not isinstance(threshold, float):
        raise BadInput('Expected "threshold" to be a float')
    if body.get("debug"):
        threshold = 0.0

    wiki = _wiki(corpus, lang)
    if title:
        article = _article(wiki, str(title))
        url = f"https://{lang}.wikipedia.org/wiki/{title}"
    else:
        article = _by_pageid(wiki, page_id)
        url = f"https://{lang}.wikipedia.org/wiki?curid={page_id}"
    results = [
        {"topic": label, "score": score}
        for label, score in article.topics
        if score >= threshold
    ]
    return {"prediction": {"article": url, "results": results}}


def _countries(body: dict[str, Any], corpus: Corpus) -> dict[str, Any]:
    lang, title = body.get("lang"), body.get("title")
    for name, value in (("lang", lang), ("title", title)):
        if value is None:
            raise BadInput(f"The parameter {name} is required.")
    if str(lang).endswith("wiki"):
        raise BadInput('"lang" is a language code such as "en", without "wiki".')
    wiki = _wiki(corpus, str(lang))
    article = _article(wiki, str(title))

    results = []
    for country in article.countries:
        source: dict[str, Any] = {
            "wikidata_properties": [
                {pid: label} for pid, label in country.wikidata_properties
            ],
            "categories": list(country.categories),
        }
        if country.links:
            source["links"] = [
                {"country": country.name, "count": country.links, "prop-tfidf": 0.62}
            ]
        results.append(
            {"country": country.name, "score": country.score, "source": source}
        )
    return {
        "model_name": "article-country",
        "model_version": "1",
        "prediction": {
            "article": f"https://{lang}.wikipedia.org/wiki/{title}",
            "wikidata_item": article.wikidata_item,
            "results": results,
        },
    }


def _lang(body: dict[str, Any]) -> str:
    if "lang" not in body:
        raise BadInput('Missing "lang" in input data.')
    if not isinstance(body["lang"], str):
        raise BadInput('Expected "lang" to be a string.')
    return body["lang"]


def _wiki(corpus: Corpus, lang: str) -> Wiki:
    wiki = corpus.wiki(lang)
    if wiki is None:
        raise BadInput(f"Language {lang!r} is not supported: there is no {lang}wiki.")
    return wiki


def _article(wiki: Wiki, title: str) -> Article:
    """The article for a title, after normalization and redirects (as the
    models' own Action API calls do)."""
    parsed = wiki.parse(title)
    target, _ = wiki.resolve(parsed.text)
    article = wiki.page(target) if parsed.invalid_reason is None else None
    if article is None or article.ns != 0:
        raise BadInput(f"The page {title!r} does not exist on {wiki.lang}wiki.")
    return article


def _by_pageid(wiki: Wiki, page_id: object) -> Article:
    for article in wiki.pages.values():
        if article.pageid == page_id and article.ns == 0:
            return article
    raise BadInput(f"No page with id {page_id} exists on {wiki.lang}wiki.")


def _strtobool(value: Any) -> bool:
    """What `strtobool(request.get("extended_output", "False"))` makes of it."""
    if not isinstance(value, str):
        name = type(value).__name__
        raise BadInput(
            f"AttributeError : '{name}' object has no attribute 'lower'", 500
        )
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadInput(f"ValueError : invalid truth value {value!r}", 500)
