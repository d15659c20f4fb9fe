"""Everything under the inputs once results exist: filters, table, detail, files.

The table, the count and the downloads are built from the same filtered reports,
so they always agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st

from microtask import exports
from microtask.models import ArticleReport
from microtask.tasks import TASK_TYPES, TASKS_BY_ID
from microtask.topics import topic_name
from microtask.ui import keys, session
from microtask.ui.detail import show_detail, show_hint, task_help
from microtask.ui.filters import (
    ALL,
    FILTER_NAMES,
    NO_VALUE,
    NONE,
    Choice,
    Option,
    apply_filters,
    filter_options,
)
from microtask.ui.grid import show_grid
from microtask.ui.state import Results, titles_fit_in_link
from microtask.ui.table import build_frame
from microtask.ui.text import failure_summary, plural, run_summary, showing

FILTER_LABELS: dict[str, str] = {
    "tasks": "Tasks",
    "topics": "Topics",
    "countries": "Geography",
}


def show_results(results: Results, enabled: frozenset[str]) -> None:
    reports = results.reports
    lang = results.request.lang
    for note in results.notes:
        st.info(note)
    for message in run_summary(reports, lang):
        st.warning(message)
    _failed_sources(reports)
    if results.request.titles and not titles_fit_in_link(results.request.titles):
        st.caption(
            "This list is too long to travel in a link, so the address bar does not "
            "hold it. Share the CSV below instead."
        )

    st.subheader("Results", anchor=False)
    _filter_bar(filter_options(reports, enabled))
    rows = apply_filters(reports, session.filters(), enabled)
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.container(key=keys.SHOWING, width="content"):
            st.markdown(f"**{showing(len(rows), len(reports))}**")
        _about_tasks(enabled)

    selected = None
    if rows:
        frame = build_frame(reports, rows, enabled)
        selected = show_grid(frame, results.request.key)
    else:
        st.info("No article matches the filters. Press All on a filter to widen it.")

    if selected is not None and selected.isdigit() and int(selected) in rows:
        show_detail(reports[int(selected)], enabled)
    elif rows:
        show_hint()

    shown = [reports[i] for i in rows]
    _downloads(shown, enabled, lang)


def _failed_sources(reports: Sequence[ArticleReport]) -> None:
    """Which sources failed, and the button that asks them again."""
    message = failure_summary(reports)
    if message is None:
        return
    with st.container(key=keys.FAILURES):
        st.warning(message)
        st.button(
            "Retry failed sources",
            key=keys.RETRY_FAILED,
            on_click=session.ask_retry,
            icon=":material/refresh:",
        )


def _filter_bar(options: dict[str, list[Option]]) -> None:
    columns = st.columns(len(FILTER_NAMES))
    for column, name in zip(columns, FILTER_NAMES, strict=True):
        with column:
            _filter(name, options[name])


def _filter(name: str, options: list[Option]) -> None:
    """One multiselect with its All/None buttons, bound to the session's filters.

    The widget is given its value through session state on every run, from the
    remembered choice, because "All" must keep meaning all as new values appear.
    """
    key = keys.filter_widget(name)
    values = [o.value for o in options]
    counts = {o.value: o.count for o in options}
    choice = session.filters().get(name)
    st.session_state[key] = choice.selected(values)

    def label(value: str) -> str:
        return f"{_value_name(name, value)} ({counts.get(value, 0)})"

    st.multiselect(
        FILTER_LABELS[name],
        values,
        format_func=label,
        key=key,
        on_change=_read_filter,
        args=(name, values),
        placeholder="None selected" if values else "Nothing to filter",
        wrap=False,
    )
    with st.container(horizontal=True, gap="small"):
        for text, value in (("All", ALL), ("None", NONE)):
            st.button(
                text,
                key=f"{key}_{text.lower()}",
                on_click=_set_filter,
                args=(name, value),
                type="tertiary",
                disabled=not values or choice == value,
            )


NO_VALUE_NAMES: dict[str, str] = {
    "tasks": "No task",
    "topics": "No topic",
    "countries": "No country",
}


def _value_name(name: str, value: str) -> str:
    if value == NO_VALUE:
        return NO_VALUE_NAMES[name]
    if name == "tasks":
        task = TASKS_BY_ID.get(value)
        return task.title if task else value
    if name == "topics":
        return topic_name(value)
    return value


def _read_filter(name: str, values: list[str]) -> None:
    selection = st.session_state.get(keys.filter_widget(name)) or []
    _set_filter(name, Choice.from_selection(selection, values))


def _set_filter(name: str, choice: Choice) -> None:
    session.set_filters(session.filters().with_choice(name, choice))


def _about_tasks(enabled: frozenset[str]) -> None:
    with st.popover("About the tasks", icon=":material/help:", key=keys.ABOUT_TASKS):
        st.caption("What each task asks of a volunteer. Select one to read more.")
        for task in TASK_TYPES:
            off = "" if task.id in enabled else " (switched off)"
            with st.expander(task.title + off):
                task_help(task)


def _downloads(
    reports: Sequence[ArticleReport], enabled: frozenset[str], lang: str
) -> None:
    """The filtered view as files, each built only when its button is pressed."""
    shown = list(reports)
    stem = f"microtask-{lang}-{date.today().isoformat()}"
    files: tuple[tuple[str, str, str, str, Callable[[], str]], ...] = (
        ("CSV", keys.DOWNLOAD_CSV, f"{stem}.csv", "text/csv",
         lambda: exports.to_csv(shown, enabled)),
        ("TSV", keys.DOWNLOAD_TSV, f"{stem}.tsv", "text/tab-separated-values",
         lambda: exports.to_tsv(shown, enabled)),
        ("Wikitable", keys.DOWNLOAD_WIKITABLE, f"{stem}-wikitable.txt", "text/plain",
         lambda: exports.to_wikitable(shown, enabled, lang=lang)),
    )  # fmt: skip
    with st.container(key=keys.DOWNLOADS):
        st.markdown(f"**Download {plural(len(shown), 'row')} (as filtered)**")
        with st.container(horizontal=True):
            for label, key, file_name, mime, build in files:
                st.download_button(
                    label,
                    data=build,
                    file_name=file_name,
                    mime=mime,
                    key=key,
                    on_click="ignore",
                    icon=":material/download:",
                    disabled=not shown,
                )
        with st.expander("Wikitable to paste on a talk page"):
            st.caption("Use the copy button at the top right of the box.")
            with st.container(key=keys.WIKITABLE_CODE):
                st.code(exports.to_wikitable(shown, enabled, lang=lang), language=None)
