"""Any number of made-up articles, identical for a given seed, on every wiki.

"Synthetic article 0001" … "Synthetic article 1200" exist on each simulated
wiki so that the benchmark can ask for a thousand articles and more. Each one is
drawn from a random generator seeded with (seed, language, number): the same
title always has the same revision, features, page views and topics, whatever
order it is asked in.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from tests.simulator.quality import RawFeatures
from tests.simulator.taxonomy import COUNTRY_NAMES, TOPIC_LABELS
from tests.simulator.wiki import Article, CountryFact

_TITLE = re.compile(r"Synthetic article (\d{4,})")
# Id ranges no fixture article uses: page ids from 90 million, revision ids
# from 1.9 billion in steps of 10.
PAGEID_BASE = 90_000_000
REVID_BASE = 1_900_000_000
REVID_STEP = 10
# Wikidata ids from 130 million are not yet assigned: no clash with real items.
QID_BASE = 130_000_000

# Share of articles per intended class, Stub … FA (the real mix is even more
# bottom-heavy; this keeps every class present in a few hundred articles).
CLASS_WEIGHTS = (30, 30, 20, 10, 6, 4)
CHARACTERS = ((300, 1500), (1500, 6000), (6000, 15000), (15000, 30000),
              (25000, 45000), (35000, 60000))  # fmt: skip


@dataclass(frozen=True)
class SyntheticArticles:
    """The numbered synthetic articles 1..count, generated on demand."""

    count: int = 1200
    seed: int = 0

    def title(self, number: int) -> str:
        return synthetic_title(number)

    def titles(self) -> list[str]:
        return [self.title(n) for n in range(1, self.count + 1)]

    def number(self, title: str) -> int | None:
        """The article's number, or None if the title is not one of ours."""
        match = _TITLE.fullmatch(title)
        if not match or self.title(int(match.group(1))) != title:
            return None
        number = int(match.group(1))
        return number if 1 <= number <= self.count else None

    def article(self, lang: str, title: str) -> Article | None:
        number = self.number(title)
        return None if number is None else _generate(self.seed, lang, number)

    def by_revid(self, lang: str, revid: int) -> Article | None:
        number, rest = divmod(revid - REVID_BASE, REVID_STEP)
        if rest or not 1 <= number <= self.count:
            return None
        return _generate(self.seed, lang, number)


def synthetic_title(number: int) -> str:
    return f"Synthetic article {number:04d}"


@lru_cache(maxsize=65536)
def _generate(seed: int, lang: str, number: int) -> Article:
    rng = random.Random(f"{seed}/{lang}/{number}")
    level = rng.choices(range(6), weights=CLASS_WEIGHTS)[0]
    features = _features(rng, level)
    return Article(
        title=synthetic_title(number),
        pageid=PAGEID_BASE + number,
        revid=REVID_BASE + number * REVID_STEP,
        age=timedelta(minutes=rng.randint(30, 3 * 365 * 24 * 60)),
        length=features.characters * 2 + features.refs * 180 + 400,
        langlinks=0 if rng.random() < 0.2 else rng.randint(1, 120),
        wikidata_item=f"Q{QID_BASE + number}",
        views=max(1, int(rng.lognormvariate(3, 1.6))),
        features=features,
        topics=_topics(rng),
        countries=_countries(rng),
    )


def _features(rng: random.Random, level: int) -> RawFeatures:
    """Counts whose normalized values land near `fullness` on enwiki's scale."""
    fullness = (level + rng.random()) / 6
    characters = rng.randint(*CHARACTERS[level])
    root = math.sqrt(characters)

    def per_root(enwiki_max: float) -> int:
        return round(fullness * enwiki_max * root * rng.uniform(0.6, 1.4))

    refs = per_root(0.51)
    return RawFeatures(
        characters=characters,
        refs=refs,
        wikilinks=per_root(1.18),
        categories=round(fullness * 15 * rng.uniform(0.5, 1.2)),
        media=round(fullness * 5 * rng.uniform(0.3, 1.5)),
        headings=per_root(0.155),
        sources=round(refs * rng.uniform(0.6, 0.95)),
        infobox=rng.random() < 0.3 + 0.6 * fullness,
        messagebox=rng.random() < 0.3 * (1 - fullness),
    )


def _topics(rng: random.Random) -> tuple[tuple[str, float], ...]:
    """One to three confident labels and two weak ones, strongest first."""
    labels = rng.sample(TOPIC_LABELS, 5)
    strong = rng.randint(1, 3)
    scores = [rng.uniform(0.55, 0.99) for _ in range(strong)]
    scores += [rng.uniform(0.05, 0.45) for _ in range(5 - strong)]
    return tuple(sorted(zip(labels, scores, strict=True), key=lambda pair: -pair[1]))


def _countries(rng: random.Random) -> tuple[CountryFact, ...]:
    names = rng.sample(COUNTRY_NAMES, rng.choice((0, 0, 1, 1, 2)))
    return tuple(
        CountryFact(name, score=round(1.0 / (rank + 1), 2), links=rng.randint(3, 40))
        for rank, name in enumerate(names)
    )
