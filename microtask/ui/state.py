"""What a view is made of, and how it travels in a link.

A `Request` is what the organizer asked for (one language plus a list of titles, or
a category and a number of articles); its `key` names its results in the session,
so filtering, sorting, paging or clicking a row never fetches anything again.

A `ViewState` is a request plus the filters and the task types switched off. It is
written into the page URL after every run of the script and read back when a link
is opened, which re-runs the analysis (fast, from the cache) and restores the view.

URL parameters (all optional; absent means the default):

    lang=es                    language code
    titles=Cat|Dog             titles joined by `|`, which MediaWiki forbids in titles
    titlesz=eNpz...            the same list, zlib-compressed and base64url-encoded,
                               used instead of `titles` when it is shorter
    category=Physics&limit=50  category mode
    task=… topic=… country=…   filters, one parameter per chosen value; absent is
                               "All", a single empty value is "None", `(none)`
                               stands for rows without any value
    hide=media&hide=infobox    task types switched off

Limits: RFC 9110 (section 4.1) asks every client and server to handle URIs of at
least 8000 octets, and uvicorn (under Streamlit) refuses a request line over 16 KB.
Titles are therefore put in the link only while their parameter stays under
`MAX_TITLES_PARAM` characters, about 300 to 600 English titles once compressed,
fewer in scripts that percent-encode to several bytes per letter. A longer list is
still analysed; only its link would not reproduce it, and the app says so.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from microtask.models import ArticleReport
from microtask.tasks import TASKS_BY_ID
from microtask.titles import (
    MAX_DASHBOARD_TITLES,
    InputError,
    parse_limit,
    validate_lang,
)
from microtask.ui.filters import FILTER_NAMES, Choice, Filters

MODE_LIST = "list"
MODE_CATEGORY = "category"
MODES: dict[str, str] = {MODE_LIST: "Articles list", MODE_CATEGORY: "Category"}

DEFAULT_LANG = "en"
DEFAULT_LIMIT = 20

# Percent-encoded characters allowed for the titles parameter: leaves room under
# the 8000 octets of RFC 9110 for the host, the path and the other parameters.
MAX_TITLES_PARAM = 6000
# A link cannot make us inflate more than this (a thousand 255-byte titles).
MAX_INFLATED_BYTES = MAX_DASHBOARD_TITLES * 256

# URL parameter of each filter: singular, one per chosen value.
FILTER_PARAMS: dict[str, str] = {
    "tasks": "task",
    "topics": "topic",
    "countries": "country",
}


@dataclass(frozen=True)
class Request:
    """One analysis to run: `titles` in list mode, `category` in category mode."""

    lang: str
    titles: tuple[str, ...] = ()
    category: str = ""
    limit: int = DEFAULT_LIMIT

    @property
    def mode(self) -> str:
        return MODE_CATEGORY if self.category else MODE_LIST

    @property
    def key(self) -> str:
        """Names the results of this request in the session (stable, short)."""
        if self.mode == MODE_CATEGORY:
            source = f"category\n{self.category}\n{self.limit}"
        else:
            source = "list\n" + "\n".join(self.titles)
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
        return f"{self.lang}-{self.mode}-{digest}"


@dataclass(frozen=True)
class ViewState:
    request: Request | None = None
    filters: Filters = Filters()
    hidden_tasks: frozenset[str] = frozenset()


@dataclass
class Decoded:
    """A view read from a link, and what in the link could not be used."""

    view: ViewState
    problems: list[str] = field(default_factory=list)


def titles_fit_in_link(titles: Sequence[str]) -> bool:
    return _titles_param(titles)[2] <= MAX_TITLES_PARAM


def encode_view(view: ViewState) -> dict[str, list[str]]:
    """URL parameters for a view; each value is a list (repeated parameters)."""
    params: dict[str, list[str]] = {}
    request = view.request
    if request is not None:
        params.update(_encode_request(request))
    if params:
        for name in FILTER_NAMES:
            choice = view.filters.get(name)
            if choice.chosen is not None:
                params[FILTER_PARAMS[name]] = sorted(choice.chosen) or [""]
    if view.hidden_tasks:
        params["hide"] = sorted(view.hidden_tasks)
    return params


def _encode_request(request: Request) -> dict[str, list[str]]:
    if request.mode == MODE_CATEGORY:
        params = {"lang": [request.lang], "category": [request.category]}
        if request.limit != DEFAULT_LIMIT:
            params["limit"] = [str(request.limit)]
        return params
    name, value, length = _titles_param(request.titles)
    if length > MAX_TITLES_PARAM:
        return {}
    return {"lang": [request.lang], name: [value]}


def _titles_param(titles: Sequence[str]) -> tuple[str, str, int]:
    """Name, value and URL length of the shorter of `titles` and `titlesz`."""
    joined = "\n".join(titles)
    packed = zlib.compress(joined.encode("utf-8"), 9)
    compressed = base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    plain = "|".join(titles)
    plain_length = len(quote(plain, safe=""))
    # A typed line may hold a `|` (it is then an invalid title, reported as such):
    # only the newline-separated form keeps it intact.
    if plain_length <= len(compressed) and not any("|" in t for t in titles):
        return "titles", plain, plain_length
    return "titlesz", compressed, len(compressed)


def decode_view(params: Mapping[str, Sequence[str]]) -> Decoded:
    """Read a view from URL parameters (as `st.query_params.get_all` lists them).

    Never raises: a part that cannot be used is left at its default and named in
    `problems`, so a damaged link still opens the dashboard.
    """
    problems: list[str] = []
    request = _decode_request(params, problems)

    filters = Filters()
    for name in FILTER_NAMES:
        values = params.get(FILTER_PARAMS[name])
        if values:
            choice = Choice(frozenset(v for v in values if v))
            filters = filters.with_choice(name, choice)

    hidden = frozenset(params.get("hide") or ())
    unknown = sorted(hidden - TASKS_BY_ID.keys())
    if unknown:
        problems.append(
            f"Ignored unknown task types in the link: {', '.join(unknown)}."
        )
    view = ViewState(request, filters, hidden & TASKS_BY_ID.keys())
    return Decoded(view, problems)


def _decode_request(
    params: Mapping[str, Sequence[str]], problems: list[str]
) -> Request | None:
    lang = _first(params, "lang")
    category = _first(params, "category")
    try:
        titles = _decode_titles(params)
    except ValueError:
        problems.append(
            "The list of titles in the link is damaged (perhaps cut short when it "
            "was copied); paste the titles again."
        )
        titles = ()
    if not lang or not (category or titles):
        return None

    try:
        lang = validate_lang(lang)
    except InputError as error:
        problems.append(f"The link's language code cannot be used: {error}")
        return None

    if category:
        return Request(
            lang=lang, category=category, limit=_decode_limit(params, problems)
        )
    if len(titles) > MAX_DASHBOARD_TITLES:
        problems.append(
            f"The link holds {len(titles):,} titles; the dashboard takes at most "
            f"{MAX_DASHBOARD_TITLES:,}."
        )
        return None
    return Request(lang=lang, titles=titles)


def _decode_titles(params: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    packed = _first(params, "titlesz")
    if packed:
        joined = _inflate(packed)
        return tuple(t for t in joined.split("\n") if t.strip())
    plain = _first(params, "titles")
    return tuple(t for t in plain.split("|") if t.strip())


def _inflate(packed: str) -> str:
    """Undo the compression, refusing anything damaged or suspiciously large."""
    try:
        data = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        inflater = zlib.decompressobj()
        joined = inflater.decompress(data, MAX_INFLATED_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("titles parameter is truncated or too large")
        return joined.decode("utf-8")
    except (binascii.Error, zlib.error, UnicodeDecodeError) as error:
        raise ValueError(f"titles parameter is damaged: {error}") from error


def _decode_limit(params: Mapping[str, Sequence[str]], problems: list[str]) -> int:
    raw = _first(params, "limit")
    if not raw:
        return DEFAULT_LIMIT
    try:
        limit = parse_limit(raw)
    except InputError as error:
        problems.append(f"The link's number of articles cannot be used: {error}")
        return DEFAULT_LIMIT
    if limit > MAX_DASHBOARD_TITLES:
        problems.append(
            f"The link asks for {limit:,} articles; the dashboard takes at most "
            f"{MAX_DASHBOARD_TITLES:,}, so it takes the first {MAX_DASHBOARD_TITLES:,}."
        )
        return MAX_DASHBOARD_TITLES
    return limit


def _first(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = params.get(name) or ()
    return values[0].strip() if values else ""


@dataclass(frozen=True)
class Results:
    """A finished run: the request, one report per title, and notes about the run
    (Markdown, anything taken from the input already escaped)."""

    request: Request
    reports: tuple[ArticleReport, ...]
    notes: tuple[str, ...] = ()
