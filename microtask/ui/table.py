"""The results table as a pandas DataFrame, one row per report.

The frame holds display values (task titles, topic names, a status sentence) next
to the numbers that sort (page views, language editions, days since the last edit).
It is built from the filtered reports only; exports are built from the same
reports, never from what the grid sends back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from microtask.models import ArticleReport
from microtask.tasks import TASKS_BY_ID, visible_tasks
from microtask.topics import topic_name
from microtask.ui.text import status_text


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    tooltip: str = ""


# Shown columns, in order: on a phone only the first two or three fit, and the
# tasks are what an organizer came for. `row_id`, `url`, `redirected_from`, `note`
# and `flag` travel with each row for the grid's renderers and row selection, but
# are not columns of their own.
COLUMNS: tuple[Column, ...] = (
    Column("article", "Article", "Opens the article on Wikipedia in a new tab"),
    Column("tasks", "Tasks", "Suggested tasks (task types switched off are hidden)"),
    Column("status", "Status", "Missing, invalid, redirected, or ⚠ a source failed"),
    Column("quality_class", "Class", "LiftWing quality class, Stub to FA"),
    Column("quality_score", "Quality", "LiftWing articlequality score, 0 to 1"),
    Column("topics", "Topics", "outlink-topic-model topics"),
    Column("countries", "Geography", "article-country predictions"),
    Column("pageviews", "Page views", "Human page views over the last 30 days"),
    Column("language_editions", "Language editions", "Other Wikipedias with it"),
    Column("days_since_edit", "Days since last edit", "Days since the last revision"),
)
HIDDEN_FIELDS: tuple[str, ...] = ("row_id", "url", "redirected_from", "note", "flag")

# Said next to the title of a row that has no page, since its empty Tasks cell
# would say nothing, and the Status column is off screen on a phone.
_NOTES: dict[str, str] = {"missing": "missing", "invalid": "invalid title"}
NUMERIC_FIELDS: tuple[str, ...] = ("pageviews", "language_editions", "days_since_edit")


def build_frame(
    reports: Sequence[ArticleReport], rows: Sequence[int], enabled: frozenset[str]
) -> pd.DataFrame:
    """The table for `rows` (indexes into `reports`), in that order."""
    records = [_record(index, reports[index], enabled) for index in rows]
    columns = list(HIDDEN_FIELDS) + [c.field for c in COLUMNS]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for name in NUMERIC_FIELDS:
        frame[name] = frame[name].astype("Int64")
    frame["quality_score"] = frame["quality_score"].astype("Float64")
    return frame


def _record(
    index: int, report: ArticleReport, enabled: frozenset[str]
) -> dict[str, object]:
    score = report.quality_score
    return {
        "row_id": str(index),
        "url": report.url or "",
        "redirected_from": report.redirected_from or "",
        "note": _NOTES.get(report.status, ""),
        "flag": "⚠" if report.errors else "",
        "article": report.title,
        "status": status_text(report),
        "quality_class": report.quality_class or "",
        "quality_score": round(score, 3) if score is not None else None,
        "tasks": ", ".join(
            TASKS_BY_ID[t].title for t in visible_tasks(report.tasks, enabled)
        ),
        "topics": ", ".join(topic_name(t.label) for t in report.topics),
        "countries": ", ".join(c.name for c in report.countries),
        "pageviews": report.pageviews,
        "language_editions": report.language_editions,
        "days_since_edit": report.days_since_edit,
    }
