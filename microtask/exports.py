"""Reports as files: JSON, CSV, TSV and a wikitable, one renderer per format.

Every renderer takes the reports in display order and the task types the user
chose to see (`enabled_tasks`, None for all): a hidden task type is left out of
the file too.

Values come from users and wikis, so each format is defended where it is weak:

* CSV and TSV: a cell that a spreadsheet would run as a formula (starting with
  = + - @, a tab or a carriage return, also after leading spaces) gets a leading
  apostrophe, as the OWASP "CSV injection" page recommends. Columns we format
  from numbers and dates are left alone, so they stay numbers.
* TSV has no quoting at all: tabs and line breaks inside values become spaces.
  Spreadsheets that apply CSV quote rules to TSV may still misread a value that
  starts with a double quote; use CSV for those.
* Wikitable: every character with a meaning in wikitext or HTML is written as an
  HTML entity, which MediaWiki renders (and decodes in link targets) but never
  interprets; control characters, which no page can show, become U+FFFD.
  Templates are avoided on purpose: they differ from wiki to wiki.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from microtask.models import ArticleReport
from microtask.tasks import TASKS_BY_ID, visible_tasks
from microtask.topics import topic_name

EnabledTasks = Collection[str] | None

# OWASP, "CSV Injection": characters that make a spreadsheet cell a formula.
_FORMULA_START = ("=", "+", "-", "@")
_FORMULA_CONTROL_START = ("\t", "\r")

# Everything str.splitlines() breaks on, and the tab: each would split a row.
_TSV_BREAKS_RE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

_WIKITEXT_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "!": "&#33;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "'": "&#39;",  # '' and ''' are italics and bold
    "~": "&#126;",  # ~~~ becomes a signature when the page is saved
    "_": "&#95;",  # __NOTOC__ and other behaviour switches
    ":": "&#58;",  # https://… and mailto:… would become links
    "\n": "&#10;",
    "\r": "&#13;",
}
_WIKITEXT_SPECIAL_RE = re.compile("[" + re.escape("".join(_WIKITEXT_ENTITIES)) + "]")

# Control characters cannot be shown in HTML, and MediaWiki gives DEL a meaning of
# its own (strip markers start with it): they become U+FFFD, the replacement
# character, which shows that something was there.
_WIKITEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class _Column:
    """One spreadsheet column; `formatted` ones are numbers and dates we wrote."""

    header: str
    value: Callable[[ArticleReport, EnabledTasks], str]
    formatted: bool = False


def to_json(
    reports: Sequence[ArticleReport], enabled_tasks: EnabledTasks = None
) -> str:
    """The command line's JSON: a list of `ArticleReport.to_dict()` objects."""
    if enabled_tasks is not None:
        reports = [
            replace(r, tasks=visible_tasks(r.tasks, enabled_tasks)) for r in reports
        ]
    data = [report.to_dict() for report in reports]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(reports: Sequence[ArticleReport], enabled_tasks: EnabledTasks = None) -> str:
    """Comma-separated values (RFC 4180: quoted where needed, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for report in reports:
        writer.writerow(_spreadsheet_row(report, enabled_tasks, tsv=False))
    return buffer.getvalue()


def to_tsv(reports: Sequence[ArticleReport], enabled_tasks: EnabledTasks = None) -> str:
    """Tab-separated values, one line per article, no quoting."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
        quotechar=None,
        lineterminator="\n",
    )
    writer.writerow(HEADERS)
    for report in reports:
        writer.writerow(_spreadsheet_row(report, enabled_tasks, tsv=True))
    return buffer.getvalue()


def to_wikitable(
    reports: Sequence[ArticleReport],
    enabled_tasks: EnabledTasks = None,
    *,
    lang: str,
) -> str:
    """A sortable wikitable to paste on a page of the same wiki.

    Articles that exist are linked as `[[:Title]]` (the colon keeps a category or
    file title a link); missing, invalid and failed titles are plain text.
    """
    count = f"{len(reports)} article{'' if len(reports) == 1 else 's'}"
    caption = f"Suggested tasks for {count} on {lang}.wikipedia.org"
    lines = [
        '{| class="wikitable sortable"',
        f"|+ {escape_wikitext(caption)}",
        "|-",
        *(f"! {attributes}{escape_wikitext(h)}" for h, attributes in WIKITABLE_HEADERS),
    ]
    for report in reports:
        lines.append("|-")
        lines.extend(
            _wikitable_cell(cell) for cell in _wikitable_row(report, enabled_tasks)
        )
    lines.append("|}")
    return "\n".join(lines) + "\n"


def escape_wikitext(text: str) -> str:
    """Text that MediaWiki shows as-is: markup characters become HTML entities."""
    text = _WIKITEXT_CONTROL_RE.sub("\ufffd", text)
    escaped = _WIKITEXT_SPECIAL_RE.sub(lambda m: _WIKITEXT_ENTITIES[m[0]], text)
    # Only "-" right after a cell's "|" would matter (a row break), but a cell
    # that never starts with it cannot become one, whatever the layout.
    return "&#45;" + escaped[1:] if escaped.startswith("-") else escaped


def defuse_formula(value: str) -> str:
    """The cell value a spreadsheet will show as text, never run as a formula."""
    formula = value.startswith(_FORMULA_CONTROL_START) or value.lstrip().startswith(
        _FORMULA_START
    )
    return "'" + value if formula else value


# -- spreadsheet columns ------------------------------------------------------


def _text(value: str | None) -> str:
    return "" if value is None else value


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _percent(score: float | None) -> str:
    return "" if score is None else f"{score * 100:.1f}"


def _utc(moment: datetime | None) -> str:
    """A timestamp spreadsheets read as a date: "2026-11-30 14:05:00"."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def task_titles(report: ArticleReport, enabled_tasks: EnabledTasks) -> list[str]:
    """Titles of the report's visible tasks; an id we no longer know stays as is."""
    return [
        TASKS_BY_ID[task].title if task in TASKS_BY_ID else task
        for task in visible_tasks(report.tasks, enabled_tasks)
    ]


def problems(report: ArticleReport) -> list[str]:
    """Why a row is incomplete: the invalid-title reason, then failed sources."""
    found = [f"title: {report.invalid_reason}"] if report.invalid_reason else []
    return found + [f"{error.source}: {error.message}" for error in report.errors]


_COLUMNS: tuple[_Column, ...] = (
    _Column("Article", lambda r, _: r.title),
    _Column("Link", lambda r, _: _text(r.url)),
    _Column("Status", lambda r, _: r.status),
    _Column("Redirected from", lambda r, _: _text(r.redirected_from)),
    _Column("Quality class", lambda r, _: _text(r.quality_class)),
    _Column("Quality score (%)", lambda r, _: _percent(r.quality_score), True),
    _Column("Tasks", lambda r, enabled: "; ".join(task_titles(r, enabled))),
    _Column("Topics", lambda r, _: "; ".join(topic_name(t.label) for t in r.topics)),
    _Column("Countries", lambda r, _: "; ".join(c.name for c in r.countries)),
    _Column("Page views (30 days)", lambda r, _: _number(r.pageviews), True),
    _Column("Language editions", lambda r, _: _number(r.language_editions), True),
    _Column("Days since last edit", lambda r, _: _number(r.days_since_edit), True),
    _Column("Last edit (UTC)", lambda r, _: _utc(r.last_edit), True),
    _Column("Revision", lambda r, _: _number(r.rev_id), True),
    _Column("Wikidata", lambda r, _: _text(r.wikidata_item)),
    _Column("Errors", lambda r, _: "; ".join(problems(r))),
    _Column("Input title", lambda r, _: r.input_title),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in _COLUMNS)


def _spreadsheet_row(
    report: ArticleReport, enabled_tasks: EnabledTasks, *, tsv: bool
) -> list[str]:
    row = []
    for column in _COLUMNS:
        value = column.value(report, enabled_tasks)
        if tsv:
            value = _TSV_BREAKS_RE.sub(" ", value)
        row.append(value if column.formatted else defuse_formula(value))
    return row


# -- wikitable ------------------------------------------------------------------

# (header, attributes): numeric columns sort as numbers, not as text.
_SORT_AS_NUMBER = 'data-sort-type="number" | '
WIKITABLE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Article", ""),
    ("Quality", ""),
    ("Score (%)", _SORT_AS_NUMBER),
    ("Tasks", ""),
    ("Topics", ""),
    ("Page views (30 days)", _SORT_AS_NUMBER),
    ("Status", ""),
)


def _wikitable_row(report: ArticleReport, enabled_tasks: EnabledTasks) -> list[str]:
    """The cells of one article, already in wikitext."""
    if report.status == "ok":
        article = f"[[:{escape_wikitext(report.title)}]]"
    else:
        article = escape_wikitext(report.title)
    topics = "; ".join(topic_name(t.label) for t in report.topics)
    return [
        article,
        escape_wikitext(_text(report.quality_class)),
        _percent(report.quality_score),
        "<br />".join(escape_wikitext(t) for t in task_titles(report, enabled_tasks)),
        escape_wikitext(topics),
        _number(report.pageviews),
        "<br />".join(escape_wikitext(p) for p in [report.status, *problems(report)]),
    ]


def _wikitable_cell(wikitext: str) -> str:
    return f"| {wikitext}" if wikitext else "|"
