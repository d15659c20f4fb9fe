"""The three filters above the table: Tasks, Topics and Geography.

Rules, the same for the table, the counts and the exports:

* filters combine with AND: a row is shown when every filter accepts it;
* within one filter a row is accepted when it has ANY of the chosen values;
* a row without any value (a missing page has no tasks, many articles have no
  country) has the value `NO_VALUE` instead, offered as "No task", "No topic" or
  "No country": picking only "Physics" really means articles about physics;
* "All" accepts every row; "None" accepts nothing, so the table stays empty until
  values are picked again.

"All" is remembered as such, not as the list of values seen so far: rows arrive
while a run is in progress, and a new topic must not come in unselected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from microtask.models import ArticleReport
from microtask.tasks import TASK_TYPES, visible_tasks

FILTER_NAMES: tuple[str, ...] = ("tasks", "topics", "countries")

# The value of a row that has none for a filter. Parentheses cannot start a task
# id, an outlink-topic-model label or an article-country name.
NO_VALUE = "(none)"


@dataclass(frozen=True)
class Choice:
    """One filter's state: every value (`chosen is None`) or exactly these."""

    chosen: frozenset[str] | None = None

    @property
    def is_all(self) -> bool:
        return self.chosen is None

    def accepts(self, values: Iterable[str]) -> bool:
        if self.chosen is None:
            return True
        return not self.chosen.isdisjoint(values)

    def selected(self, options: Sequence[str]) -> list[str]:
        """What the multiselect shows: the options this choice keeps, in order."""
        if self.chosen is None:
            return list(options)
        return [o for o in options if o in self.chosen]

    @classmethod
    def from_selection(cls, selection: Iterable[str], options: Sequence[str]) -> Choice:
        """Read a multiselect back: picking every option means "All" again."""
        chosen = frozenset(selection)
        if chosen.issuperset(options):
            return cls()
        return cls(chosen)


ALL = Choice()
NONE = Choice(frozenset())


@dataclass(frozen=True)
class Filters:
    tasks: Choice = ALL
    topics: Choice = ALL
    countries: Choice = ALL

    def get(self, name: str) -> Choice:
        return getattr(self, name)  # type: ignore[no-any-return]

    def with_choice(self, name: str, choice: Choice) -> Filters:
        if name not in FILTER_NAMES:
            raise ValueError(f"Unknown filter {name!r}; expected one of {FILTER_NAMES}")
        return replace(self, **{name: choice})

    @property
    def active(self) -> bool:
        return any(not self.get(name).is_all for name in FILTER_NAMES)


@dataclass(frozen=True)
class Option:
    """A value a filter offers, and how many articles have it."""

    value: str
    count: int


def row_values(report: ArticleReport, enabled: frozenset[str]) -> dict[str, list[str]]:
    """The values each filter looks at for one article (`NO_VALUE` if none)."""
    values = {
        "tasks": list(visible_tasks(report.tasks, enabled)),
        "topics": [t.label for t in report.topics],
        "countries": [c.name for c in report.countries],
    }
    return {name: found or [NO_VALUE] for name, found in values.items()}


def apply_filters(
    reports: Sequence[ArticleReport], filters: Filters, enabled: frozenset[str]
) -> list[int]:
    """Indexes (input order) of the reports every filter accepts."""
    shown = []
    for index, report in enumerate(reports):
        values = row_values(report, enabled)
        if all(filters.get(name).accepts(values[name]) for name in FILTER_NAMES):
            shown.append(index)
    return shown


def filter_options(
    reports: Sequence[ArticleReport], enabled: frozenset[str]
) -> dict[str, list[Option]]:
    """What each filter offers, `NO_VALUE` last when some row has no value.

    Tasks: every enabled task type, in the catalogue's order, even at count 0, so
    the filter reads the same for every run. Topics and Geography: the values the
    results contain, most frequent first.
    """
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTER_NAMES}
    for report in reports:
        for name, values in row_values(report, enabled).items():
            counts[name].update(set(values))

    tasks = [Option(t.id, counts["tasks"][t.id]) for t in TASK_TYPES if t.id in enabled]
    options = {
        "tasks": tasks,
        "topics": _by_frequency(counts["topics"]),
        "countries": _by_frequency(counts["countries"]),
    }
    for name, found in options.items():
        if counts[name][NO_VALUE]:
            found.append(Option(NO_VALUE, counts[name][NO_VALUE]))
    return options


def _by_frequency(counter: Counter[str]) -> list[Option]:
    values = [item for item in counter.items() if item[0] != NO_VALUE]
    ranked = sorted(values, key=lambda item: (-item[1], item[0]))
    return [Option(value, count) for value, count in ranked]
