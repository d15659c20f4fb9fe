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

# How each Wikimedia service (`WikimediaError.service`) is named to an organizer.
SERVICE_NAMES: dict[str, str] = {
    "mediawiki": "Wikipedia",
    "pageviews": "the page views service",
    "liftwing": "LiftWing, Wikimedia's model service",
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
    """Warnings worth reading after a run about its titles: absent pages.

    Failed sources have their own warning (`failure_summary`), next to the button
    that retries them.
    """
    messages = []
    statuses = Counter(r.status for r in reports)
    wiki = f"{lang}.wikipedia.org"
    if statuses["missing"]:
        messages.append(
            f"{plural(statuses['missing'], 'title')} did not match a page on {wiki}: "
            "check the spelling (their rows say Missing)."
        )
    invalid = statuses["invalid"]
    if invalid == 1:
        messages.append("1 line cannot be a Wikipedia title (its row says why).")
    elif invalid:
        messages.append(
            f"{invalid:,} lines cannot be Wikipedia titles (their rows say why)."
        )
    return messages


def failure_summary(reports: Sequence[ArticleReport]) -> str | None:
    """What failed in a run, for the warning above the "Retry failed sources" button.

    None when every source answered for every row.
    """
    failed = [r for r in reports if r.errors]
    if not failed:
        return None
    counts = Counter(
        source_name(s)
        for r in failed
        for s in dict.fromkeys(e.source for e in r.errors)
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(failed) == 1:
        names = ", ".join(name for name, _ in ranked)
        what = "a source" if len(ranked) == 1 else "sources"
        summary = (
            f"1 article has {what} that failed: {names}. Its row is marked ⚠ and "
            "keeps everything else"
        )
    else:
        names = ", ".join(f"{name} for {count:,}" for name, count in ranked)
        summary = (
            f"{len(failed):,} articles have a source that failed: {names}. Their "
            "rows are marked ⚠ and keep everything else"
        )
    return f"{summary}; retry once the service is back."


def retry_outcome(retried: int, still_failed: int) -> str:
    """The toast after "Retry failed sources"."""
    if still_failed == 0:
        return f"Retried {plural(retried, 'article')}: every source answered."
    verb = "has" if still_failed == 1 else "have"
    return (
        f"Retried {plural(retried, 'article')}: {still_failed:,} still {verb} "
        "a failed source; try again later."
    )


def describe_error(error: WikimediaError) -> str:
    """A run that could not happen, in one sentence for `st.error`."""
    service = SERVICE_NAMES.get(error.service, error.service)
    return f"Could not fetch the articles from {service}: {error.message}"


def feature_percent(value: float) -> str:
    return f"{round(value * 100)}%"
