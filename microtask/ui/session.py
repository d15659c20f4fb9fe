"""The session's memory: results by request, the current view, and the link.

Results are kept in `st.session_state` under their request's key, so filtering,
sorting, paging and clicking a row only re-draw; nothing is fetched again until
the organizer asks for a different request (or the same one again, on purpose).

Widgets get their starting values through `st.session_state` (never through
`value=`/`default=` as well, which Streamlit warns about), so a link can set them
before they are drawn.
"""

from __future__ import annotations

import logging

import streamlit as st

from microtask.tasks import TASK_TYPES
from microtask.ui import keys
from microtask.ui.filters import Filters
from microtask.ui.state import (
    DEFAULT_LANG,
    DEFAULT_LIMIT,
    MODE_CATEGORY,
    MODE_LIST,
    Request,
    Results,
    ViewState,
    decode_view,
    encode_view,
)

logger = logging.getLogger("microtask.ui")

# Result sets kept per session; older ones are dropped (a thousand reports weigh a
# few megabytes, and a session rarely goes back further than this).
KEEP_RESULTS = 5


def read_link_once() -> None:
    """On a session's first run, restore the view a shared link describes."""
    if st.session_state.get(keys.URL_READ):
        return
    st.session_state[keys.URL_READ] = True

    params = {name: st.query_params.get_all(name) for name in st.query_params}
    decoded = decode_view(params)
    st.session_state[keys.URL_PROBLEMS] = decoded.problems
    view = decoded.view
    for task in TASK_TYPES:
        st.session_state[keys.task_toggle(task.id)] = task.id not in view.hidden_tasks
    request = view.request
    if request is None:
        return

    logger.info("opening a shared link: %s", request.key)
    _show_request(request)
    st.session_state[keys.FILTERS] = view.filters
    st.session_state[keys.PENDING] = request


def _show_request(request: Request) -> None:
    """Put a request back into the input widgets."""
    st.session_state[keys.MODE] = request.mode
    st.session_state[keys.MODE_SIDEBAR] = request.mode
    st.session_state[keys.LANG] = request.lang
    if request.mode == MODE_CATEGORY:
        st.session_state[keys.CATEGORY] = request.category
        st.session_state[keys.LIMIT] = request.limit
    else:
        st.session_state[keys.TITLES] = "\n".join(request.titles)


def init_defaults() -> None:
    """Starting values of the widgets that do not have one yet."""
    state = st.session_state
    state.setdefault(keys.MODE, MODE_LIST)
    state.setdefault(keys.MODE_SIDEBAR, state[keys.MODE])
    state.setdefault(keys.LANG, DEFAULT_LANG)
    state.setdefault(keys.TITLES, "")
    state.setdefault(keys.LIMIT, DEFAULT_LIMIT)
    state.setdefault(keys.CATEGORY, "")
    state.setdefault(keys.FILTERS, Filters())
    state.setdefault(keys.RESULTS, {})
    for task in TASK_TYPES:
        state.setdefault(keys.task_toggle(task.id), True)


def link_problems() -> list[str]:
    return list(st.session_state.get(keys.URL_PROBLEMS) or ())


def enabled_tasks() -> frozenset[str]:
    """Task types the organizer left switched on in the sidebar."""
    return frozenset(
        t.id for t in TASK_TYPES if st.session_state.get(keys.task_toggle(t.id), True)
    )


def start(request: Request) -> None:
    """Run this request on this script run; a new request starts with no filter."""
    current = current_results()
    if current is None or current.request.key != request.key:
        st.session_state[keys.FILTERS] = Filters()
    st.session_state[keys.PENDING] = request


def pending() -> Request | None:
    request = st.session_state.get(keys.PENDING)
    return request if isinstance(request, Request) else None


def finish(results: Results | None) -> None:
    """Record how the pending run ended: its results, or nothing on screen."""
    st.session_state.pop(keys.PENDING, None)
    if results is None:
        st.session_state.pop(keys.CURRENT, None)
        return
    store: dict[str, Results] = st.session_state[keys.RESULTS]
    store.pop(results.request.key, None)
    store[results.request.key] = results
    while len(store) > KEEP_RESULTS:
        store.pop(next(iter(store)))
    st.session_state[keys.CURRENT] = results.request.key


def ask_retry() -> None:
    """Retry the failed sources of the results on screen, on the next script run."""
    key = st.session_state.get(keys.CURRENT)
    if key:
        st.session_state[keys.RETRY] = key


def pending_retry() -> Results | None:
    """The results to retry on this run, if they are still the ones on screen."""
    key = st.session_state.pop(keys.RETRY, None)
    results = current_results()
    if results is None or results.request.key != key:
        return None
    return results


def finish_retry(results: Results | None) -> None:
    """Replace the retried results; after a retry that could not run, keep them."""
    if results is not None:
        finish(results)


def current_results() -> Results | None:
    key = st.session_state.get(keys.CURRENT)
    store: dict[str, Results] = st.session_state.get(keys.RESULTS) or {}
    return store.get(key) if key else None


def filters() -> Filters:
    value = st.session_state.get(keys.FILTERS)
    return value if isinstance(value, Filters) else Filters()


def set_filters(value: Filters) -> None:
    st.session_state[keys.FILTERS] = value


def write_link() -> None:
    """Keep the address bar describing what is on screen, ready to be shared.

    Only while results are shown: a failed run or an empty page leaves the link
    as it was, so a damaged link can still be read and fixed.
    """
    results = current_results()
    if results is None:
        return
    hidden = frozenset(t.id for t in TASK_TYPES) - enabled_tasks()
    wanted = encode_view(ViewState(results.request, filters(), hidden))
    present = {name: st.query_params.get_all(name) for name in st.query_params}
    if present != wanted:
        st.query_params.from_dict(wanted)
