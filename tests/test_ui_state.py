"""Requests, their keys, and the view in a link: encode, decode, round trip."""

from __future__ import annotations

import base64
import hashlib
import zlib
from urllib.parse import quote

import pytest

from microtask.ui.filters import ALL, NONE, Choice, Filters
from microtask.ui.state import (
    MAX_TITLES_PARAM,
    Request,
    ViewState,
    decode_view,
    encode_view,
    titles_fit_in_link,
)

VIEWS = [
    pytest.param(ViewState(), id="empty"),
    pytest.param(ViewState(Request("en", titles=("Cat", "Dog"))), id="short-list"),
    pytest.param(
        ViewState(Request("pa", titles=("ਪੰਜਾਬੀ ਭਾਸ਼ਾ", "ਲਾਹੌਰ", "ਅੰਮ੍ਰਿਤਸਰ"))),
        id="gurmukhi-list",
    ),
    pytest.param(
        ViewState(
            Request("en", titles=tuple(f"Article number {i}" for i in range(400)))
        ),
        id="long-list",
    ),
    pytest.param(
        ViewState(Request("en", titles=("A|B", "C"))), id="pipe-in-a-typed-line"
    ),
    pytest.param(
        ViewState(Request("es", category="Física", limit=50)), id="category-limit"
    ),
    pytest.param(ViewState(Request("en", category="Physics")), id="default-limit"),
    pytest.param(
        ViewState(
            Request("en", titles=("Cat",)),
            Filters(
                tasks=Choice(frozenset({"media", "references"})),
                topics=NONE,
                countries=Choice(frozenset({"Korea, Republic of", "(none)"})),
            ),
            frozenset({"infobox", "maintenance"}),
        ),
        id="filters-and-hidden-tasks",
    ),
]


@pytest.mark.parametrize("view", VIEWS)
def test_that_a_view_survives_the_link(view: ViewState) -> None:
    params = encode_view(view)
    decoded = decode_view(params)

    assert decoded.problems == []
    assert decoded.view == view


def test_that_defaults_stay_out_of_the_link() -> None:
    view = ViewState(Request("en", category="Physics"), Filters(), frozenset())

    params = encode_view(view)

    assert params == {"lang": ["en"], "category": ["Physics"]}


def test_that_a_short_list_stays_readable_in_the_link() -> None:
    params = encode_view(ViewState(Request("en", titles=("Cat", "Albert Einstein"))))

    assert params == {"lang": ["en"], "titles": ["Cat|Albert Einstein"]}


def test_that_a_long_list_is_compressed_and_shorter() -> None:
    titles = tuple(f"List of minor planets: {i}001–{i + 1}000" for i in range(300))

    params = encode_view(ViewState(Request("en", titles=titles)))

    assert "titles" not in params
    (packed,) = params["titlesz"]
    assert len(packed) < len(quote("|".join(titles), safe="")) / 3


def test_that_none_and_all_are_told_apart_in_the_link() -> None:
    view = ViewState(Request("en", titles=("Cat",)), Filters(topics=NONE))

    params = encode_view(view)

    assert params["topic"] == [""]
    assert "task" not in params
    assert decode_view(params).view.filters == Filters(ALL, NONE, ALL)


def test_that_a_list_too_long_for_a_link_is_left_out() -> None:
    titles = tuple(f"Title {i} {'x' * 40} {i * 7919 % 104729}" for i in range(1000))
    view = ViewState(Request("en", titles=titles), Filters(topics=NONE))

    params = encode_view(view)

    assert not titles_fit_in_link(titles)
    assert params == {}


def test_that_the_longest_list_that_fits_is_kept_whole() -> None:
    def title(i: int) -> str:  # hard to compress, like real titles
        return "Article " + hashlib.sha256(str(i).encode()).hexdigest()[:12]

    titles: list[str] = []
    while titles_fit_in_link([*titles, title(len(titles))]):
        titles.append(title(len(titles)))

    params = encode_view(ViewState(Request("en", titles=tuple(titles))))

    assert len(params["titlesz"][0]) <= MAX_TITLES_PARAM
    assert decode_view(params).view.request == Request("en", titles=tuple(titles))


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        pytest.param(
            {"lang": ["e n"], "titles": ["Cat"]}, "language code", id="bad-lang"
        ),
        pytest.param(
            {"lang": ["en"], "titlesz": ["not-zlib"]}, "damaged", id="damaged-titles"
        ),
        pytest.param(
            {"lang": ["en"], "category": ["Physics"], "limit": ["lots"]},
            "number of articles",
            id="bad-limit",
        ),
        pytest.param(
            {"lang": ["en"], "titles": ["|".join(f"T{i}" for i in range(1001))]},
            "at most 1,000",
            id="too-many-titles",
        ),
        pytest.param(
            {"hide": ["media", "colour"]}, "unknown task types", id="unknown-task"
        ),
    ],
)
def test_that_a_damaged_link_opens_with_a_message(
    params: dict[str, list[str]], problem: str
) -> None:
    decoded = decode_view(params)

    assert len(decoded.problems) == 1
    assert problem in decoded.problems[0]


def test_that_a_bad_limit_falls_back_to_the_default() -> None:
    decoded = decode_view({"lang": ["en"], "category": ["Physics"], "limit": ["0"]})

    assert decoded.view.request == Request("en", category="Physics", limit=20)


def test_that_a_compressed_bomb_is_refused() -> None:
    bomb = zlib.compress(b"A" * 10_000_000, 9)
    packed = base64.urlsafe_b64encode(bomb).decode().rstrip("=")

    decoded = decode_view({"lang": ["en"], "titlesz": [packed]})

    assert decoded.view.request is None
    assert "damaged" in decoded.problems[0]


def test_that_the_language_code_is_canonicalized() -> None:
    decoded = decode_view({"lang": [" EN "], "titles": ["Cat"]})

    assert decoded.view.request == Request("en", titles=("Cat",))


def test_that_filters_without_a_request_are_not_written() -> None:
    params = encode_view(ViewState(None, Filters(topics=NONE), frozenset({"media"})))

    assert params == {"hide": ["media"]}


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(
            Request("en", titles=("Cat",)),
            Request("en", titles=("Cat",)),
            True,
            id="same-request",
        ),
        pytest.param(
            Request("en", titles=("Cat",)),
            Request("es", titles=("Cat",)),
            False,
            id="other-lang",
        ),
        pytest.param(
            Request("en", titles=("Cat", "Dog")),
            Request("en", titles=("Dog", "Cat")),
            False,
            id="other-order",
        ),
        pytest.param(
            Request("en", category="Physics", limit=20),
            Request("en", category="Physics", limit=21),
            False,
            id="other-limit",
        ),
        pytest.param(
            Request("en", titles=("Physics",)),
            Request("en", category="Physics"),
            False,
            id="list-is-not-category",
        ),
    ],
)
def test_that_request_keys_name_exactly_one_request(
    first: Request, second: Request, same: bool
) -> None:
    assert (first.key == second.key) is same


def test_that_a_limit_above_the_dashboard_cap_is_lowered_and_said() -> None:
    decoded = decode_view({"lang": ["en"], "category": ["Physics"], "limit": ["4000"]})

    assert decoded.view.request == Request("en", category="Physics", limit=1000)
    assert "at most 1,000" in decoded.problems[0]
