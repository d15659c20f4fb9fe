"""LiftWing's language-agnostic article quality model, computed from raw features.

The server side of `articlequality` with `extended_output`: normalize the raw
counts with the wiki's maxima, take the ordinal-regression linear predictor,
squash it to a 0..1 score and pick the most probable class.

Sources:
- normalization and floors: machinelearning-liftwing-inference-services,
  src/models/articlequality/model_server/utils.py;
- per-wiki maxima: the same repository, src/models/articlequality/data/
  feature_values.tsv (only the rows of the wikis this simulator serves);
- coefficients and cut points: research-api-endpoint-template, branch
  quality-article, model/wsgi.py. They reproduce LiftWing's enwiki "Cat"
  (score 0.98258, FA) to six decimals; a reconstruction, not the deployed pickle.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from itertools import pairwise

# The model's own feature order (LiftWing ArticleQualityModel.feature_order).
FEATURE_ORDER: tuple[str, ...] = (
    "characters",
    "refs",
    "wikilinks",
    "categories",
    "media",
    "headings",
    "sources",
    "infobox",
    "messagebox",
)

COEFFICIENTS: dict[str, float] = {
    "characters": 6.279141,
    "refs": 1.162669,
    "wikilinks": 0.696006,
    "categories": 0.082483,
    "media": 0.8166,
    "headings": 0.231126,
    "sources": 0.236004,
    "infobox": 0.386889,
    "messagebox": -0.947278,
}
CUT_POINTS: tuple[float, ...] = (
    4.23993,
    7.02916399,
    8.5647493,
    9.62894343,
    10.79133557,
)
LABELS: tuple[str, ...] = ("Stub", "Start", "C", "B", "GA", "FA")

# LiftWing's extract_score_range(): top = sum of positive coefficients + 1,
# range = top - sum of negative coefficients.
SCORE_TOP = 10.890916590223638
SCORE_RANGE = 11.838194515504279


@dataclass(frozen=True)
class WikiMaxima:
    """95th-percentile feature values of one wiki, before the floors."""

    length: float
    media: float
    cats: float
    refs: float
    headings: float
    links: float
    srcs: float = 5.0

    def floored(self) -> WikiMaxima:
        """Apply the floors of load_quality_max_featurevalues()."""
        return WikiMaxima(
            length=max(45.0, self.length),
            media=max(2.0, self.media),
            cats=max(5.0, self.cats),
            refs=max(0.2, self.refs),
            headings=max(0.1, self.headings),
            links=max(0.45, self.links),
            srcs=max(5.0, self.srcs),
        )


# Rows of feature_values.tsv (wiki_db without the "wiki" suffix).
MAXIMA: dict[str, WikiMaxima] = {
    "en": WikiMaxima(96.55568341635825, 5.0, 15.0, 0.507479189896123,
                     0.1553507724171805, 1.180665870370572),
    "es": WikiMaxima(99.14131328563285, 5.0, 10.0, 0.2925117596177996,
                     0.14121257360859293, 0.9985746276607642),
    "ar": WikiMaxima(64.97691897897283, 3.0, 21.0, 0.30780160577438576,
                     0.12312064230975431, 0.692553612992368),
    "ja": WikiMaxima(60.37383539249432, 5.0, 12.0, 0.8447367914999205,
                     0.31470586349997043, 2.882043170999729),
}  # fmt: skip


@dataclass(frozen=True)
class RawFeatures:
    """What LiftWing counts in a revision's Parsoid HTML (see wikimedia.md)."""

    characters: int
    refs: int
    wikilinks: int
    categories: int
    media: int
    headings: int
    sources: int
    infobox: bool
    messagebox: bool

    def as_dict(self) -> dict[str, int | bool]:
        """The `features.raw` object of the response, in the model's order."""
        return asdict(self)


@dataclass(frozen=True)
class Prediction:
    """One articlequality answer: normalized features, score and class."""

    normalized: dict[str, float | bool]
    score: float
    label: str


class EmptyArticle(ValueError):
    """The revision has no paragraph text: LiftWing cannot score it."""


def predict(lang: str, raw: RawFeatures) -> Prediction:
    """Score one revision as LiftWing does; raises EmptyArticle, KeyError (lang)."""
    if raw.characters <= 0:
        raise EmptyArticle(f"{lang}: revision has no paragraph text")
    normalized = normalize(MAXIMA[lang].floored(), raw)

    linpred = sum(
        COEFFICIENTS[name] * float(normalized[name]) for name in FEATURE_ORDER
    )
    score = 1 - math.log(SCORE_TOP - linpred, SCORE_RANGE)
    return Prediction(normalized=normalized, score=score, label=most_probable(linpred))


def normalize(maxima: WikiMaxima, raw: RawFeatures) -> dict[str, float | bool]:
    """normalize_features(): per-length rates and counts against the wiki's maxima.

    `min(1, x)` is kept on purpose: a capped value is the integer 1, and LiftWing's
    JSON shows it as `1`, not `1.0`.
    """
    root = math.sqrt(raw.characters)
    return {
        "characters": min(1, root / maxima.length),
        "refs": min(1, raw.refs / root / maxima.refs),
        "wikilinks": min(1, raw.wikilinks / root / maxima.links),
        "categories": min(1, raw.categories / maxima.cats),
        "media": min(1, raw.media / maxima.media),
        "headings": min(1, raw.headings / root / maxima.headings),
        "sources": min(1, raw.sources / maxima.srcs),
        "infobox": raw.infobox,
        "messagebox": raw.messagebox,
    }


def most_probable(linpred: float) -> str:
    """The class with the highest ordinal-logit probability (LiftWing's argmax).

    NOTE: this is not "the interval of CUT_POINTS that holds linpred": enwiki
    "Cat" (linpred 9.85) is below the GA|FA cut point 10.79 yet its most probable
    class is FA. On the score scale the argmax boundaries fall at about 0.2414,
    0.5004, 0.7599, 0.8624 and 0.9684.
    """
    cumulative = [0.0, *(_logistic(cut - linpred) for cut in CUT_POINTS), 1.0]
    probabilities = [high - low for low, high in pairwise(cumulative)]
    return LABELS[probabilities.index(max(probabilities))]


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))
