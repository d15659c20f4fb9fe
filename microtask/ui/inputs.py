"""The inputs: mode, language code, and the form of each mode.

A form returns a `Request` only when its button was pressed and everything it
needs is valid; otherwise it shows why, next to the field, and returns None.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import streamlit as st
from streamlit_searchbox import st_searchbox

from microtask import analysis
from microtask.config import Settings
from microtask.models import CategoryMatch
from microtask.titles import (
    MAX_DASHBOARD_TITLES,
    InputError,
    check_count,
    normalize_category,
    parse_limit,
    parse_titles,
    validate_lang,
)
from microtask.ui import keys
from microtask.ui.state import MODES, Request
from microtask.ui.text import md_escape, plural, title_count
from microtask.wikimedia.errors import WikimediaError

logger = logging.getLogger("microtask.ui")

# Pixels for the short fields (a language code, a number): a full-width box for
# two letters looks like it wants a paragraph.
LANG_WIDTH = 240

TITLES_PLACEHOLDER = (
    "Cat\nAlbert Einstein\nhttps://en.wikipedia.org/wiki/Marie_Curie\n…"
)


def mode_switch() -> str:
    """The mode, at the top of the main area: on a phone the sidebar is closed."""
    st.segmented_control(
        "What do you want to analyze?",
        list(MODES),
        format_func=MODES.__getitem__,
        key=keys.MODE,
        required=True,
        on_change=_copy_mode,
        args=(keys.MODE, keys.MODE_SIDEBAR),
    )
    return str(st.session_state[keys.MODE])


def mode_radio() -> None:
    """The same choice in the sidebar, kept in step with the main switch."""
    st.radio(
        "Mode",
        list(MODES),
        format_func=MODES.__getitem__,
        key=keys.MODE_SIDEBAR,
        on_change=_copy_mode,
        args=(keys.MODE_SIDEBAR, keys.MODE),
    )


def _copy_mode(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


def lang_input() -> str | None:
    """The language code, validated as typed; None (with a message) if unusable."""
    code = st.text_input(
        "Wikipedia language code",
        key=keys.LANG,
        max_chars=40,
        width=LANG_WIDTH,
        placeholder="en",
        help="The part before .wikipedia.org in the wiki's address: en, es, pa, "
        "zh-min-nan…",
    )
    try:
        return validate_lang(code or "")
    except InputError as error:
        st.error(md_escape(str(error)))
        return None


def list_form(lang: str | None) -> Request | None:
    text = st.text_area(
        "Article titles, one per line",
        key=keys.TITLES,
        height=220,
        placeholder=TITLES_PLACEHOLDER,
        help="Titles or article links. Repeated lines are analyzed once. The "
        "count updates when you click outside the box (or press Ctrl+Enter).",
        persist_state="session",
    )
    count, duplicates = _count_titles(text or "")
    too_many = count > MAX_DASHBOARD_TITLES
    message = title_count(count, MAX_DASHBOARD_TITLES)
    if duplicates and not too_many:
        message += f" ({plural(duplicates, 'repeated line')} will be merged)"
    if too_many:
        st.error(message)
    else:
        st.caption(message)

    pressed = st.button(
        "Get Recommended Tasks",
        key=keys.GET_TASKS,
        type="primary",
        disabled=too_many,
        icon=":material/checklist:",
    )
    if not pressed or lang is None:
        return None
    try:
        check_count(parse_titles(text or ""))
    except InputError as error:
        st.error(md_escape(str(error)))
        return None
    lines = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
    return Request(lang=lang, titles=lines)


def _count_titles(text: str) -> tuple[int, int]:
    """(distinct titles, repeated lines) as the analysis will see them."""
    try:
        titles = parse_titles(text)
    except InputError:
        return 0, 0
    return len(titles), sum(t.duplicates for t in titles)


def category_form(lang: str | None, settings: Settings) -> Request | None:
    _category_picker(lang, settings)
    st.number_input(
        "Number of articles",
        key=keys.LIMIT,
        width=LANG_WIDTH,
        min_value=1,
        max_value=MAX_DASHBOARD_TITLES,
        step=10,
        help="Articles taken from the category, in the order Wikipedia lists "
        f"them (at most {MAX_DASHBOARD_TITLES:,} here).",
        persist_state="session",
    )
    pressed = st.button(
        "Get Articles From Category",
        key=keys.GET_CATEGORY,
        type="primary",
        icon=":material/category:",
    )
    if not pressed or lang is None:
        return None
    try:
        category = normalize_category(st.session_state.get(keys.CATEGORY) or "")
        limit = parse_limit(st.session_state.get(keys.LIMIT))
    except InputError as error:
        st.error(md_escape(str(error)))
        return None
    return Request(lang=lang, category=category, limit=limit)


@st.fragment
def _category_picker(lang: str | None, settings: Settings) -> None:
    """Category name with suggestions from the wiki, as the organizer types.

    A fragment: each keystroke re-runs only this box, not the whole page. What is
    typed counts even if no suggestion is picked.
    """
    current = st.session_state.get(keys.CATEGORY) or ""

    def suggest(prefix: str) -> list[tuple[str, str]]:
        if lang is None:
            return []
        return [
            (f"{m.title} ({plural(m.pages, 'page')})", m.title)
            for m in suggestions(lang, prefix, settings)
        ]

    with st.container(key=keys.CATEGORY_FRAGMENT):
        value = st_searchbox(
            suggest,
            label="Category",
            placeholder="Start typing, e.g. Physics",
            key=keys.CATEGORY_SEARCH,
            default=current or None,
            default_searchterm=current,
            default_use_searchterm=True,
            rerun_scope="fragment",
            debounce=300,
            help="Suggestions come from the wiki, with their number of pages.",
        )
    st.session_state[keys.CATEGORY] = str(value or "")


def suggestions(lang: str, prefix: str, settings: Settings) -> list[CategoryMatch]:
    """Categories starting like `prefix`; none (and a log line) if the wiki fails."""
    if not prefix.strip():
        return []
    try:
        return _cached_suggestions(
            lang, prefix.strip(), settings.mediawiki_url, settings
        )
    except (WikimediaError, InputError) as error:
        logger.info("category suggestions for %r on %s failed: %s", prefix, lang, error)
        return []


# Member counts move slowly; ten minutes keeps typing snappy without going stale.
@st.cache_data(ttl=timedelta(minutes=10), max_entries=2000, show_spinner=False)
def _cached_suggestions(
    lang: str, prefix: str, endpoint: str, _settings: Settings
) -> list[CategoryMatch]:
    # `endpoint` is only part of the cache key: tests point it at a simulator.
    return asyncio.run(analysis.search_categories(lang, prefix, settings=_settings))
