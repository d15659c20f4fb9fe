"""What people paste, turned into the titles MediaWiki will be asked about.

Pure functions, no I/O. The normalization follows MediaWiki's own title rules
(`MediaWikiTitleCodec::splitTitleString`) as far as they can be applied without
knowing the wiki: spaces and underscores are one character, several Unicode spaces
count as a space, direction marks are dropped, and the first letter is uppercased
because every Wikipedia is a "first-letter" wiki. Whatever MediaWiki would reject
(`#`, `[`, `|`, control characters, > 255 bytes) is passed through untouched, so
the API marks that title invalid and the user sees the row instead of losing it.

Known shortcomings, written down where they live:

* Turkic wikis (tr, az, …) uppercase a leading `i` to `İ`; we use `I`. Only the
  detection of duplicates on those wikis is affected ("istanbul" and "Istanbul"
  count as one line here, while MediaWiki treats them as two pages).
* Namespace names are not known here, so only the first character of the whole
  title is uppercased: "category:x" stays "Category:x" (MediaWiki makes it
  "Category:X"). Articles live in the main namespace, where this does not matter.
* Several leading colons are all dropped; MediaWiki drops one and rejects the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sized
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

MAX_DASHBOARD_TITLES = 1000

# Category members are read 500 per request (the Action API's `cmlimit=max` for
# ordinary clients), so 5000 articles cost ten requests before any scoring starts.
MAX_CATEGORY_LIMIT = 5000

# Beyond this a title is kept only as a stub: MediaWiki refuses anything over 255
# bytes anyway, and a pasted megabyte line should not travel to the cache and back.
MAX_TITLE_CHARS = 1000

# `[` is forbidden in titles, so a truncated title can never match a real page.
TRUNCATION_MARKER = "[…]"

# Shape only: whether a wiki answers for the code is the I/O layer's business.
LANG_CODE_RE = re.compile(r"^(?=.{2,15}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

# MediaWiki turns all of these into one underscore (MediaWikiTitleCodec).
_SPACES_RE = re.compile(
    "[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)

# Copy-paste noise, invisible in the text box. MediaWiki itself strips the
# left-to-right/right-to-left marks and embeddings; the zero-width space, the
# byte-order mark and the isolates are not titles anyone means to type.
_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Spreadsheet columns and editors leave tabs and form feeds at the line edges;
# inside a title they stay, and MediaWiki reports them. The set is what Python's
# str.strip() removes beyond line breaks, so a line of nothing else is blank.
_EDGE_WHITESPACE = " \t\v\f\x1c\x1d\x1e\x1f\x85"

# A leading ':' (a link to the main namespace) goes, with any space around it.
_LEADING_NOISE = ":" + _EDGE_WHITESPACE

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")

# Desktop, mobile, protocol-relative or scheme-less addresses of a Wikipedia page.
_WIKI_URL_RE = re.compile(
    r"^(?:(?:https?:)?//)?(?P<lang>[a-z0-9-]+)(?:\.m)?\.wikipedia\.org"
    r"(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#.*)?$",
    re.IGNORECASE,
)

# Georgian Mkhedruli gained uppercase (Mtavruli) letters in Unicode 11, but
# MediaWiki keeps Georgian titles as typed, so we do too.
_NO_FIRST_LETTER_CASE = re.compile("[\u10d0-\u10ff]")

_CATEGORY_PREFIX_RE = re.compile(r"^category\s*:", re.IGNORECASE)


class InputError(ValueError):
    """What the user typed cannot be used; the message says what to change."""


@dataclass(frozen=True)
class InputTitle:
    """One distinct title from the input, where it came from and how often."""

    title: str
    line: int
    duplicates: int = 0
    url_lang: str | None = None


def validate_lang(code: str) -> str:
    """The language code in canonical form (trimmed, lowercase), if it has the shape
    of a Wikipedia subdomain such as `en`, `zh-min-nan` or `be-x-old`."""
    canonical = code.strip().lower()
    if not LANG_CODE_RE.match(canonical):
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise InputError(
            f"'{shown}' is not a Wikipedia language code. Use the part before "
            "'.wikipedia.org' in the wiki's address, e.g. 'en', 'pa' or 'zh-min-nan'."
        )
    return canonical


def parse_titles(text: str) -> list[InputTitle]:
    """One entry per distinct title, in the order of first appearance.

    Lines may be titles or article URLs. A repeated title (after normalization)
    is kept once, at its first line, and counted in `duplicates`.
    """
    entries: dict[str, InputTitle] = {}
    for number, line in enumerate(_LINE_BREAK_RE.split(text), start=1):
        parsed = _parse_line(line)
        if parsed is None:
            continue
        title, url_lang = parsed
        first = entries.get(title)
        if first is None:
            entries[title] = InputTitle(title, number, 0, url_lang)
        else:
            entries[title] = InputTitle(
                first.title, first.line, first.duplicates + 1, first.url_lang
            )

    if not entries:
        raise InputError("No article titles found. Paste one title per line.")
    return list(entries.values())


def check_count(titles: Sized, limit: int = MAX_DASHBOARD_TITLES) -> None:
    """Refuse more titles than the dashboard analyzes in one run."""
    if len(titles) > limit:
        raise InputError(
            f"You pasted {len(titles)} titles; the dashboard takes up to {limit}. "
            "Split the list or use the command line."
        )


def normalize_category(name: str) -> str:
    """The category name without its namespace, as MediaWiki would write it.

    Accepts "Physics", "Category:Physics", "category:physics" or the category's
    URL. Only the canonical English prefix is recognized; it works on every wiki.
    """
    lines = [line for line in _LINE_BREAK_RE.split(name) if line.strip()]
    if len(lines) > 1:
        raise InputError("Enter one category name, without line breaks.")

    parsed = _parse_line(lines[0]) if lines else None
    bare = _CATEGORY_PREFIX_RE.sub("", parsed[0], count=1) if parsed else ""
    bare = _first_letter_upper(_collapse_spaces(bare))
    if not bare:
        raise InputError("Enter a category name, e.g. 'Physics' or 'Category:Physics'.")
    return bare


def parse_limit(value: object) -> int:
    """How many articles to take from a category: a whole number, 1 to 5000."""
    number = _whole_number(value)
    if number is None:
        raise InputError(
            f"'{value}' is not a number of articles. Enter a whole number from 1 "
            f"to {MAX_CATEGORY_LIMIT}."
        )
    if not 1 <= number <= MAX_CATEGORY_LIMIT:
        raise InputError(
            f"{number} articles is out of range: enter 1 to {MAX_CATEGORY_LIMIT}. "
            f"The cap keeps a run to {MAX_CATEGORY_LIMIT // 500} category requests, "
            "a courtesy to Wikipedia's API; split bigger categories by subcategory."
        )
    return number


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def _parse_line(line: str) -> tuple[str, str | None] | None:
    """(title, language of the URL) for one input line; None for a blank line."""
    text = _collapse_spaces(line)
    if not text.lstrip(_LEADING_NOISE):
        return None

    from_url = _title_from_url(text)
    if from_url is None:
        return _normalize_title(text), None

    # An address without a title (".../wiki/", "index.php?curid=1") is kept as
    # typed, so the user sees a row for what could not be understood.
    title, lang = from_url
    return (_normalize_title(title) or _normalize_title(text)), lang


def _normalize_title(title: str) -> str:
    title = _collapse_spaces(title).lstrip(_LEADING_NOISE)
    return _truncate(_first_letter_upper(title))


def _collapse_spaces(text: str) -> str:
    text = _INVISIBLE_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip(_EDGE_WHITESPACE)


def _title_from_url(text: str) -> tuple[str, str] | None:
    """The decoded title and language code of a Wikipedia article URL."""
    match = _WIKI_URL_RE.match(text)
    if match is None:
        return None
    lang = match["lang"].lower()
    if not LANG_CODE_RE.match(lang):
        return None

    path = match["path"] or ""
    if path.startswith("/wiki/"):
        return unquote(path.removeprefix("/wiki/"), errors="replace"), lang
    if path == "/w/index.php" and match["query"]:
        # Query strings use '+' for spaces, unlike the /wiki/ path.
        values = parse_qs(match["query"], errors="replace").get("title")
        return (values[0] if values else ""), lang
    return "", lang


def _first_letter_upper(title: str) -> str:
    """Uppercase the first character like MediaWiki's `ucfirst` on Wikipedia.

    Characters whose uppercase is longer (ß → SS, ŉ → ʼN) stay as they are, as
    MediaWiki keeps them; scripts without case are unchanged by `str.upper`.
    """
    if not title or _NO_FIRST_LETTER_CASE.match(title):
        return title
    upper = title[0].upper()
    if len(upper) != 1:
        return title
    return upper + title[1:]


def _truncate(title: str) -> str:
    if len(title) <= MAX_TITLE_CHARS:
        return title
    return title[: MAX_TITLE_CHARS - len(TRUNCATION_MARKER)] + TRUNCATION_MARKER
