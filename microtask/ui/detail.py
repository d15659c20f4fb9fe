"""The detail view of one article: quality cards, links, tasks and problems."""

from __future__ import annotations

import streamlit as st

from microtask.config import edit_url
from microtask.models import ArticleReport
from microtask.tasks import TASKS_BY_ID, TaskType, visible_tasks
from microtask.ui import keys
from microtask.ui.cards import (
    CARDS_PER_ROW,
    FeatureCard,
    card_rows,
    feature_cards,
    quality_summary,
)
from microtask.ui.text import md_escape, source_name

_STATUS_HELP: dict[str, str] = {
    "missing": "There is no page with this title on {wiki}. Check the spelling, "
    "or create the article if it should exist.",
    "invalid": "This cannot be a title on {wiki}: {reason}.",
    "error": "The page could not be read from {wiki}. Run the analysis again later.",
}


def show_hint() -> None:
    st.caption("Select a row to see its quality features, links and tasks.")


def show_detail(report: ArticleReport, enabled: frozenset[str]) -> None:
    wiki = f"{report.lang}.wikipedia.org"
    with st.container(border=True, key=keys.DETAIL):
        st.subheader(md_escape(report.title), anchor=False)
        if report.redirected_from:
            st.caption(f"Redirected from {md_escape(report.redirected_from)}")
        _links(report)

        if report.status != "ok":
            help_text = _STATUS_HELP[report.status].format(
                wiki=wiki, reason=report.invalid_reason or ""
            )
            st.warning(md_escape(help_text))
        else:
            _quality(report, enabled)
            _tasks(report, enabled)

        for error in report.errors:
            st.warning(
                f"⚠ {source_name(error.source).capitalize()} unavailable: "
                f"{md_escape(error.message)}"
            )


def _links(report: ArticleReport) -> None:
    # "error": the page facts could not be read, so we do not know whether the
    # page exists; offering to create it could mislead a newcomer.
    if report.status not in ("ok", "missing"):
        return
    with st.container(horizontal=True):
        if report.url:
            st.link_button(
                "Read on Wikipedia", report.url, icon=":material/open_in_new:"
            )
        label = "Edit" if report.exists else "Create this article"
        st.link_button(
            label, edit_url(report.lang, report.title), icon=":material/edit:"
        )


def _quality(report: ArticleReport, enabled: frozenset[str]) -> None:
    summary = quality_summary(report)
    if summary.progress is None:
        st.caption(summary.text)
    else:
        st.progress(summary.progress, text=summary.text)

    for row in card_rows(feature_cards(report, enabled)):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, row, strict=False):
            with column:
                _card(card)


def _card(card: FeatureCard) -> None:
    with st.container(border=True, key=keys.CARD_PREFIX + card.feature):
        st.markdown(f"**{card.label}** · {card.value}")
        if card.progress is not None:
            st.progress(card.progress)
        st.caption(card.detail)
        if card.task:
            st.caption(f"Task: {card.task}")


def _tasks(report: ArticleReport, enabled: frozenset[str]) -> None:
    tasks = [TASKS_BY_ID[t] for t in visible_tasks(report.tasks, enabled)]
    if not tasks:
        st.caption("No task suggested for this article with the task types shown.")
        return
    st.markdown(f"**Suggested tasks ({len(tasks)})**")
    for task in tasks:
        with st.expander(task.title):
            task_help(task)


def task_help(task: TaskType) -> None:
    """What a task asks, why it matters, and where to learn how."""
    st.markdown(f"{task.what}\n\n*Why:* {task.why}")
    links = " · ".join(f"[{md_escape(label)}]({url})" for label, url in task.learn_more)
    st.markdown(f"Learn more: {links}")
