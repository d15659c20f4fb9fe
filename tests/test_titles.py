"""Input normalization: titles, URLs, categories, limits and language codes."""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microtask.config import article_url
from microtask.titles import (
    MAX_DASHBOARD_TITLES,
    MAX_TITLE_CHARS,
    TRUNCATION_MARKER,
    InputError,
    InputTitle,
    check_count,
    normalize_category,
    parse_limit,
    parse_titles,
    validate_lang,
)

FUZZ = settings(deadline=None)  # examples: the profile in tests/conftest.py

# Characters that exercise every rule, mixed into otherwise arbitrary text.
NOISE = list(
    " _:#|[]{}<>%/?&+=\t\v\f\x00\x7f\u00a0\u1680\u2003\u2028\u3000\u200b\u200e"
    "\u200f\u202a\u202e\u2066\ufeffaAßŉǆéωМਪა"
)
LINE_CHARS = st.one_of(
    st.sampled_from(NOISE),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
)
LINES = st.text(LINE_CHARS, max_size=30)


def only_title(text: str) -> InputTitle:
    (entry,) = parse_titles(text)
    return entry


# -- one line -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Albert Einstein", "Albert Einstein"),
        ("  Albert Einstein\t", "Albert Einstein"),
        ("Albert_Einstein", "Albert Einstein"),
        ("Albert__ _Einstein", "Albert Einstein"),
        ("\u00a0Albert\u3000Einstein\u2003", "Albert Einstein"),
        ("\ufeffAlbert\u200b Einstein\u200e", "Albert Einstein"),
        ("\u202aAlbert Einstein\u202c\u200f", "Albert Einstein"),
        (":Albert Einstein", "Albert Einstein"),
        (" : Albert Einstein", "Albert Einstein"),
        ("Category:Physics", "Category:Physics"),
    ],
    ids=[
        "plain",
        "edge-whitespace",
        "underscores",
        "space-runs",
        "unicode-spaces",
        "zero-width-and-bom",
        "bidi-marks",
        "leading-colon",
        "spaced-colon",
        "namespace-kept",
    ],
)
def test_that_a_line_is_trimmed_and_spaced_like_mediawiki(line, title):
    entry = only_title(line)

    assert entry == InputTitle(title=title, line=1, duplicates=0, url_lang=None)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("cat", "Cat"),
        ("éclair", "Éclair"),
        ("москва", "Москва"),
        ("ωμέγα", "Ωμέγα"),
        ("ǆemal", "Ǆemal"),
        ("ß", "ß"),
        ("ŉ", "ŉ"),
        ("ਪੰਜਾਬ", "ਪੰਜਾਬ"),
        ("東京", "東京"),
        ("თბილისი", "თბილისი"),
        ("iPhone", "IPhone"),
    ],
    ids=[
        "ascii",
        "latin-accent",
        "cyrillic",
        "greek",
        "digraph",
        "sharp-s-stays",
        "n-apostrophe-stays",
        "gurmukhi-no-case",
        "han-no-case",
        "georgian-stays",
        "camel-case",
    ],
)
def test_that_the_first_letter_is_uppercased_as_on_wikipedia(line, title):
    assert only_title(line).title == title


@pytest.mark.parametrize(
    "line",
    ["A#b", "A<b>", "[[Cat]]", "A|B", "{{x}}", "Tab\tinside", "Nul\x00inside"],
    ids=["hash", "angle", "brackets", "pipe", "braces", "tab", "control"],
)
def test_that_titles_mediawiki_rejects_pass_through_for_the_api_to_mark(line):
    assert only_title(line).title == line


def test_that_an_overlong_line_is_cut_and_stays_invalid():
    line = "x" * 50_000

    title = only_title(line).title

    assert len(title) == MAX_TITLE_CHARS
    assert title.endswith(TRUNCATION_MARKER)
    assert "[" in title and len(title.encode()) > 255


# -- URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "lang"),
    [
        ("https://en.wikipedia.org/wiki/Albert_Einstein", "Albert Einstein", "en"),
        ("https://en.m.wikipedia.org/wiki/Albert_Einstein", "Albert Einstein", "en"),
        ("http://en.wikipedia.org/wiki/Albert_Einstein", "Albert Einstein", "en"),
        ("//en.wikipedia.org/wiki/Albert_Einstein", "Albert Einstein", "en"),
        ("en.wikipedia.org/wiki/Albert_Einstein", "Albert Einstein", "en"),
        ("HTTPS://EN.WIKIPEDIA.ORG/wiki/Cat", "Cat", "en"),
        (
            "https://en.wikipedia.org/wiki/Albert_Einstein#Early_life",
            "Albert Einstein",
            "en",
        ),
        ("https://en.wikipedia.org/wiki/Cat?useskin=vector", "Cat", "en"),
        (
            "https://pa.wikipedia.org/wiki/"
            "%E0%A8%AA%E0%A9%B0%E0%A8%9C%E0%A8%BE%E0%A8%AC",
            "ਪੰਜਾਬ",
            "pa",
        ),
        ("https://de.wikipedia.org/wiki/Stra%C3%9Fe", "Straße", "de"),
        ("https://en.wikipedia.org/wiki/AC%2FDC", "AC/DC", "en"),
        ("https://en.wikipedia.org/wiki/Who%3F", "Who?", "en"),
        ("https://en.wikipedia.org/wiki/1%2B1", "1+1", "en"),
        ("https://en.wikipedia.org/wiki/cat", "Cat", "en"),
        (
            "https://en.wikipedia.org/w/index.php?title=Albert+Einstein&action=edit",
            "Albert Einstein",
            "en",
        ),
        (
            "https://en.wikipedia.org/w/index.php?action=history&title=C%2B%2B",
            "C++",
            "en",
        ),
        ("https://zh-min-nan.wikipedia.org/wiki/Tâi-oân", "Tâi-oân", "zh-min-nan"),
        ("https://be-x-old.m.wikipedia.org/wiki/Менск", "Менск", "be-x-old"),
        ("https://en.wikipedia.org/wiki/Bad%FFbyte", "Bad\ufffdbyte", "en"),
    ],
    ids=[
        "desktop",
        "mobile",
        "http",
        "protocol-relative",
        "no-scheme",
        "upper-case-host",
        "fragment",
        "query",
        "utf8-percent-encoding",
        "latin-percent-encoding",
        "encoded-slash",
        "encoded-question-mark",
        "encoded-plus",
        "first-letter",
        "index-php-plus-space",
        "index-php-title-later",
        "hyphenated-lang",
        "mobile-hyphenated-lang",
        "invalid-utf8-marked",
    ],
)
def test_that_an_article_url_gives_its_title_and_language(url, title, lang):
    entry = only_title(url)

    assert (entry.title, entry.url_lang) == (title, lang)


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/",
        "https://en.wikipedia.org/w/index.php?curid=6678",
        "https://en.wikipedia.org/",
    ],
    ids=["empty-path", "page-id", "main-page"],
)
def test_that_a_url_without_a_title_still_gets_a_row(url):
    entry = only_title(url)

    assert entry.title == "H" + url[1:]
    assert entry.url_lang == "en"


@pytest.mark.parametrize(
    "line",
    ["https://example.org/wiki/Cat", "https://en.wiktionary.org/wiki/cat"],
    ids=["other-site", "sister-project"],
)
def test_that_other_sites_are_not_taken_for_wikipedia(line):
    assert only_title(line).url_lang is None


# -- many lines -----------------------------------------------------------------


def test_that_duplicates_are_kept_once_at_the_first_line_and_counted():
    text = "\n".join(
        [
            "",
            "cat",
            "Dog",
            "  ",
            "Cat",
            "https://en.wikipedia.org/wiki/Cat",
            "dog",
            "Cat_",
        ]
    )

    entries = parse_titles(text)

    assert entries == [
        InputTitle(title="Cat", line=2, duplicates=3, url_lang=None),
        InputTitle(title="Dog", line=3, duplicates=1, url_lang=None),
    ]


@pytest.mark.parametrize(
    "newline", ["\n", "\r\n", "\r"], ids=["unix", "windows", "old-mac"]
)
def test_that_line_numbers_follow_any_line_ending(newline):
    text = newline.join(["A", "", "B"])

    assert [(e.title, e.line) for e in parse_titles(text)] == [("A", 1), ("B", 3)]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\n", " \t\n\u00a0\n", "\u200b\ufeff", ":\n : \n: _:", "___"],
    ids=["empty", "spaces", "newlines", "mixed", "invisible", "colons", "underscores"],
)
def test_that_input_without_titles_is_refused(text):
    with pytest.raises(InputError, match="No article titles found. Paste one title"):
        parse_titles(text)


def test_that_the_dashboard_limit_is_inclusive():
    titles = parse_titles("\n".join(f"T{i}" for i in range(MAX_DASHBOARD_TITLES)))

    check_count(titles)


def test_that_too_many_titles_are_refused_with_what_to_do():
    titles = parse_titles("\n".join(f"T{i}" for i in range(1001)))

    with pytest.raises(InputError) as raised:
        check_count(titles)

    assert str(raised.value) == (
        "You pasted 1001 titles; the dashboard takes up to 1000. "
        "Split the list or use the command line."
    )


# -- categories, limits, languages ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Physics", "Physics"),
        ("physics", "Physics"),
        ("Category:Physics", "Physics"),
        ("category:physics", "Physics"),
        ("CATEGORY : Living_people ", "Living people"),
        (":Category:Physics", "Physics"),
        ("https://en.wikipedia.org/wiki/Category:Living_people", "Living people"),
        ("https://pa.m.wikipedia.org/wiki/Category:%E0%A8%AA", "ਪ"),
        ("Star Wars: The Clone Wars", "Star Wars: The Clone Wars"),
    ],
    ids=[
        "bare",
        "lowercase",
        "prefixed",
        "prefix-lowercase",
        "spaced-prefix",
        "leading-colon",
        "url",
        "encoded-url",
        "colon-in-name",
    ],
)
def test_that_a_category_is_named_without_its_namespace(name, expected):
    assert normalize_category(name) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a category name"),
        ("  ", "Enter a category name"),
        ("Category:", "Enter a category name"),
        ("category: _ ", "Enter a category name"),
        ("Physics\nChemistry", "Enter one category name"),
    ],
    ids=["empty", "blank", "prefix-only", "prefix-and-space", "two-lines"],
)
def test_that_an_unusable_category_is_refused(name, message):
    with pytest.raises(InputError, match=message):
        normalize_category(name)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (5000, 5000), ("20", 20), (" 300 ", 300), (50.0, 50)],
    ids=["lowest", "highest", "text", "padded-text", "whole-float"],
)
def test_that_a_category_limit_is_read(value, expected):
    assert parse_limit(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "0 articles is out of range: enter 1 to 5000"),
        (-3, "-3 articles is out of range"),
        ("5001", "5001 articles is out of range"),
        (10**12, "courtesy to Wikipedia's API"),
        ("ten", "'ten' is not a number of articles"),
        ("", "'' is not a number of articles"),
        ("2.5", "'2.5' is not a number"),
        (2.5, "'2.5' is not a number"),
        (True, "'True' is not a number"),
        (None, "'None' is not a number"),
    ],
    ids=[
        "zero",
        "negative",
        "over-cap",
        "huge",
        "word",
        "empty",
        "decimal-text",
        "fraction",
        "bool",
        "none",
    ],
)
def test_that_an_unusable_limit_is_refused_with_the_range(value, message):
    with pytest.raises(InputError, match=message):
        parse_limit(value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        (" EN ", "en"),
        ("pa", "pa"),
        ("simple", "simple"),
        ("zh-min-nan", "zh-min-nan"),
        ("be-x-old", "be-x-old"),
        ("map-bms", "map-bms"),
        ("zh-classical", "zh-classical"),
    ],
)
def test_that_wikipedia_language_codes_are_accepted(code, expected):
    assert validate_lang(code) == expected


@pytest.mark.parametrize(
    "code",
    ["", "e", "E N", "1en", "en-", "-en", "en--us", "en.wikipedia.org", "x" * 16],
    ids=[
        "empty",
        "one-letter",
        "space",
        "digit-first",
        "trailing-hyphen",
        "leading-hyphen",
        "double-hyphen",
        "domain",
        "too-long",
    ],
)
def test_that_other_strings_are_not_language_codes(code):
    with pytest.raises(InputError, match="is not a Wikipedia language code"):
        validate_lang(code)


def test_that_the_language_message_quotes_what_was_typed():
    with pytest.raises(InputError, match=r"^'E N' is not a Wikipedia language code"):
        validate_lang("E N")


# -- properties -----------------------------------------------------------------


@FUZZ
@given(st.text(LINE_CHARS))
def test_that_normalizing_a_normalized_title_changes_nothing(line):
    try:
        entry = only_title(line)
    except InputError:
        return

    assert [e.title for e in parse_titles(entry.title)] == [entry.title]


@FUZZ
@given(st.lists(LINES, max_size=25))
def test_that_every_line_is_kept_or_counted_in_order(lines):
    singles = [_title_or_none(line) for line in lines]
    first_lines: dict[str, int] = {}
    for number, title in enumerate(singles, start=1):
        if title is not None:
            first_lines.setdefault(title, number)

    try:
        entries = parse_titles("\n".join(lines))
    except InputError:
        entries = []

    assert [(e.title, e.line) for e in entries] == list(first_lines.items())
    assert sum(1 + e.duplicates for e in entries) == sum(
        title is not None for title in singles
    )


@FUZZ
@given(
    st.text(LINE_CHARS, min_size=1),
    st.sampled_from(["en", "pa", "zh-min-nan", "simple"]),
    st.sampled_from(["desktop", "mobile", "protocol-relative", "encoded", "index"]),
)
def test_that_a_title_survives_the_trip_through_its_url(line, lang, form):
    try:
        title = only_title(line).title
    except InputError:
        return
    url = _url(title, lang, form)

    entry = only_title(url)

    assert (entry.title, entry.url_lang) == (title, lang)


@FUZZ
@given(st.text())
def test_that_arbitrary_text_fails_only_with_input_errors(text):
    for parse in (parse_titles, normalize_category, parse_limit, validate_lang):
        try:
            parse(text)
        except InputError:
            pass


def _title_or_none(line: str) -> str | None:
    try:
        return only_title(line).title
    except InputError:
        return None


def _url(title: str, lang: str, form: str) -> str:
    if form == "desktop":
        return article_url(lang, title)
    path = quote(title.replace(" ", "_"), safe="" if form == "encoded" else "/")
    if form == "mobile":
        return f"https://{lang}.m.wikipedia.org/wiki/{path}"
    if form == "protocol-relative":
        return f"//{lang}.wikipedia.org/wiki/{path}#Section"
    if form == "encoded":
        return f"http://{lang}.wikipedia.org/wiki/{path}?action=view"
    return f"https://{lang}.wikipedia.org/w/index.php?title={quote_plus(title)}&oldid=1"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(":\x850", id="colon-then-next-line-char"),
        pytest.param("\x1c:\x1f Cat", id="separators-around-colon"),
    ],
)
def test_that_edge_noise_around_a_leading_colon_goes_in_one_pass(line: str) -> None:
    (first,) = parse_titles(line)

    (second,) = parse_titles(first.title)

    assert first.title == second.title
    assert first.title[0] not in ":\x85\x1c\x1f "
