"""Words and numbers as the dashboard shows them.

Everything a reader sees that is built from data (counts, statuses, error summaries)
is phrased here, once, so the table, the detail view and the messages agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from microtask.models import ArticleReport
from microtask.wikimedia.errors import WikimediaError

# How each source of a report is named to an organizer (models.SOURCES).
SOURCE_NAMES: dict[str, str] = {
    "mediawiki": "page facts",
    "pageviews": "page views",
    "quality": "quality",
    "topics": "topics",
    "countries": "geography",
}

# CommonMark lets any ASCII punctuation be escaped with a backslash. Streamlit's
# Markdown adds `$` (LaTeX) and `:` (emoji shortcodes, colour directives) on top.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 title`, `12 titles`, `1,200 titles`."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}"


def title_count(count: int, limit: int) -> str:
    """The live count under the titles box, with the limit when it is exceeded."""
    if count > limit:
        return (
            f"{plural(count, 'title')}: the dashboard takes at most {limit:,}. "
            "Split the list, or use the command line for longer ones."
        )
    return plural(count, "title")


def showing(shown: int, total: int) -> str:
    """`Showing 12 of 40 articles`."""
    return f"Showing {shown:,} of {plural(total, 'article')}"


def md_escape(text: str) -> str:
    """Make any string (an article title, an API message) safe to show as Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def status_text(report: ArticleReport) -> str:
    """One short line for the table's Status column: what is wrong, if anything."""
    status = report.status
    if status == "invalid":
        parts = [f"Invalid title: {report.invalid_reason}"]
    elif status == "error":
        parts = ["⚠ Page could not be read"]
    elif status == "missing":
        parts = ["Missing: no such page"]
    elif report.redirected_from:
        parts = ["Redirect followed"]
    else:
        parts = ["OK"]

    failed = [e.source for e in report.errors if e.source != "mediawiki"]
    if failed:
        names = ", ".join(source_name(s) for s in dict.fromkeys(failed))
        parts.append(f"⚠ {names} unavailable")
    return " · ".join(parts)


def run_summary(reports: Sequence[ArticleReport], lang: str) -> list[str]:
    """Warnings worth reading after a run: absent pages and failed sources."""
    messages = []
    statuses = Counter(r.status for r in reports)
    wiki = f"{lang}.wikipedia.org"
    if statuses["missing"]:
        messages.append(
            f"{plural(statuses['missing'], 'title')} did not match a page on {wiki}: "
            "check the spelling (their rows say Missing)."
        )
    if statuses["invalid"]:
        messages.append(
            f"{plural(statuses['invalid'], 'title')} cannot be Wikipedia titles "
            "(their rows say why)."
        )

    failures = Counter(e.source for r in reports for e in r.errors)
    if failures:
        parts = [
            f"{source_name(source)} for {plural(count, 'article')}"
            for source, count in failures.most_common()
        ]
        messages.append(
            "Some data could not be fetched: "
            + ", ".join(parts)
            + ". Those rows are marked ⚠ and keep everything else; run again later "
            "to fill them in."
        )
    return messages


def describe_error(error: WikimediaError) -> str:
    """A run that could not happen, in one sentence for `st.error`."""
    return f"Could not fetch the articles ({error.service}): {error.message}"


def feature_percent(value: float) -> str:
    return f"{round(value * 100)}%"
