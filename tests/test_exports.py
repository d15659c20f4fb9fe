"""Exports: exact text for known reports, and every format parsed back."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, datetime

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import HTMLEntity, Tag, Text, Wikilink

from microtask.exports import (
    HEADERS,
    defuse_formula,
    escape_wikitext,
    to_csv,
    to_json,
    to_tsv,
    to_wikitable,
)
from microtask.models import (
    FEATURE_NAMES,
    SOURCES,
    ArticleReport,
    Country,
    Feature,
    SourceError,
    Topic,
)
from microtask.tasks import TASK_TYPES, TASKS_BY_ID
from microtask.topics import topic_name, topic_root
from tests.samples import CAT_FEATURES

# What the TSV exporter flattens: every row separator of str.splitlines(), and tab.
TSV_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

FUZZ = settings(deadline=None)  # examples: the profile in tests/conftest.py

CAT = ArticleReport(
    input_title="cat",
    lang="en",
    title="Cat",
    url="https://en.wikipedia.org/wiki/Cat",
    exists=True,
    page_id=6678,
    rev_id=1290000001,
    last_edit=datetime(2026, 11, 30, 14, 5, 9, tzinfo=UTC),
    days_since_edit=3,
    language_editions=276,
    wikidata_item="Q146",
    pageviews=3198294,
    quality_score=0.9825799824249976,
    quality_class="FA",
    features=CAT_FEATURES,
    tasks=("categories",),
    topics=(Topic("STEM.Biology", 0.97), Topic("STEM.STEM*", 0.61)),
    duplicates_removed=1,
)
EINSTEIN = ArticleReport(
    input_title="Einstein",
    lang="en",
    title="Albert Einstein",
    url="https://en.wikipedia.org/wiki/Albert_Einstein",
    exists=True,
    redirected_from="Einstein",
    page_id=736,
    rev_id=1290000002,
    last_edit=datetime(2026, 12, 1, 8, 0, 0, tzinfo=UTC),
    days_since_edit=2,
    language_editions=250,
    wikidata_item="Q937",
    pageviews=412345,
    topics=(
        Topic("Culture.Biography.Biography*", 0.9),
        Topic("STEM.Physics", 0.99),
    ),
    countries=(Country("Germany", 1.0), Country("United States", 0.8)),
    errors=(SourceError("quality", "LiftWing did not answer; try again later."),),
)
MISSING = ArticleReport(
    input_title="Ĝirafo sen kolo", lang="en", title="Ĝirafo sen kolo"
)
INVALID = ArticleReport(
    input_title='=HYPERLINK("x")|[[y]]',
    lang="en",
    title='=HYPERLINK("x")|[[y]]',
    invalid_reason='The requested page title contains invalid characters: "|[]".',
)
REPORTS = [CAT, EINSTEIN, MISSING, INVALID]

HEADER_LINE = (
    "Article,Link,Status,Redirected from,Quality class,Quality score (%),Tasks,"
    "Topics,Countries,Page views (30 days),Language editions,Days since last edit,"
    "Last edit (UTC),Revision,Wikidata,Errors,Input title"
)
EXPECTED_CSV = "\r\n".join(
    [
        HEADER_LINE,
        "Cat,https://en.wikipedia.org/wiki/Cat,ok,,FA,98.3,Add categories,"
        "Biology; STEM (other),,3198294,276,3,2026-11-30 14:05:09,1290000001,Q146,,"
        "cat",
        "Albert Einstein,https://en.wikipedia.org/wiki/Albert_Einstein,ok,Einstein,,,,"
        "Biography; Physics,Germany; United States,412345,250,2,2026-12-01 08:00:00,"
        "1290000002,Q937,quality: LiftWing did not answer; try again later.,Einstein",
        "Ĝirafo sen kolo,,missing,,,,,,,,,,,,,,Ĝirafo sen kolo",
        '"\'=HYPERLINK(""x"")|[[y]]",,invalid,,,,,,,,,,,,,"title: The requested page '
        'title contains invalid characters: ""|[]"".","\'=HYPERLINK(""x"")|[[y]]"',
        "",
    ]
)
EXPECTED_TSV = "\n".join(
    [
        HEADER_LINE.replace(",", "\t"),
        "Cat\thttps://en.wikipedia.org/wiki/Cat\tok\t\tFA\t98.3\tAdd categories\t"
        "Biology; STEM (other)\t\t3198294\t276\t3\t2026-11-30 14:05:09\t1290000001\t"
        "Q146\t\tcat",
        "Albert Einstein\thttps://en.wikipedia.org/wiki/Albert_Einstein\tok\tEinstein"
        "\t\t\t\tBiography; Physics\tGermany; United States\t412345\t250\t2\t"
        "2026-12-01 08:00:00\t1290000002\tQ937\t"
        "quality: LiftWing did not answer; try again later.\tEinstein",
        "Ĝirafo sen kolo\t\tmissing" + "\t" * 14 + "Ĝirafo sen kolo",
        '\'=HYPERLINK("x")|[[y]]\t\tinvalid' + "\t" * 13 + "title: The requested "
        'page title contains invalid characters: "|[]".\t\'=HYPERLINK("x")|[[y]]',
        "",
    ]
)
EXPECTED_WIKITABLE = """\
{| class="wikitable sortable"
|+ Suggested tasks for 4 articles on en.wikipedia.org
|-
! Article
! Quality
! data-sort-type="number" | Score (%)
! Tasks
! Topics
! data-sort-type="number" | Page views (30 days)
! Status
|-
| [[:Cat]]
| FA
| 98.3
| Add categories
| Biology; STEM (other)
| 3198294
| ok
|-
| [[:Albert Einstein]]
|
|
|
| Biography; Physics
| 412345
| ok<br />quality&#58; LiftWing did not answer; try again later.
|-
| Ĝirafo sen kolo
|
|
|
|
|
| missing
|-
| =HYPERLINK("x")&#124;&#91;&#91;y&#93;&#93;
|
|
|
|
|
| invalid<br />title&#58; The requested page title contains invalid characters&#58; \
"&#124;&#91;&#93;".
|}
"""


# -- exact text -----------------------------------------------------------------


def test_that_csv_is_exactly_as_expected():
    assert to_csv(REPORTS) == EXPECTED_CSV


def test_that_tsv_is_exactly_as_expected():
    assert to_tsv(REPORTS) == EXPECTED_TSV


def test_that_the_wikitable_is_exactly_as_expected():
    assert to_wikitable(REPORTS, lang="en") == EXPECTED_WIKITABLE


def test_that_json_is_the_list_of_report_dicts_with_readable_unicode():
    text = to_json(REPORTS)

    assert json.loads(text) == [report.to_dict() for report in REPORTS]
    assert '  {\n    "input_title": "cat",' in text
    assert '"title": "Ĝirafo sen kolo"' in text


def test_that_an_empty_run_still_has_headers():
    table = to_wikitable([], lang="pa")

    assert to_csv([]) == HEADER_LINE + "\r\n"
    assert to_tsv([]) == HEADER_LINE.replace(",", "\t") + "\n"
    assert to_json([]) == "[]\n"
    assert "|+ Suggested tasks for 0 articles on pa.wikipedia.org\n" in table
    assert table.endswith("! Status\n|}\n")


# -- hidden task types ----------------------------------------------------------

ALL_TASKS = ArticleReport(
    input_title="Stub",
    lang="en",
    title="Stub",
    exists=True,
    tasks=tuple(task.id for task in TASK_TYPES),
)


@pytest.mark.parametrize(
    ("render", "names"),
    [
        (to_csv, "titles"),
        (to_tsv, "titles"),
        (lambda reports, enabled: to_wikitable(reports, enabled, lang="en"), "titles"),
        (to_json, "ids"),
    ],
    ids=["csv", "tsv", "wikitable", "json"],
)
def test_that_hidden_task_types_disappear_from_exports(render, names):
    enabled = {"media", "infobox"}

    shown = render([ALL_TASKS], enabled)
    everything = render([ALL_TASKS], None)

    for task in TASK_TYPES:
        name = f'"{task.id}"' if names == "ids" else task.title
        assert (name in shown) == (task.id in enabled), task.id
        assert name in everything, task.id


# -- spreadsheets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\tplain", "'\tplain"),
        ("   =cmd|' /C calc'!A0", "'   =cmd|' /C calc'!A0"),
        ("\u00a0@x", "'\u00a0@x"),
        ("Cat", "Cat"),
        ("1+1", "1+1"),
        ("a=b", "a=b"),
        ("E=mc²", "E=mc²"),
        ("", ""),
    ],
    ids=[
        "equals",
        "plus",
        "minus",
        "at",
        "tab",
        "carriage-return",
        "tab-alone",
        "after-spaces",
        "after-nbsp",
        "plain",
        "digit-first",
        "equals-inside",
        "equals-later",
        "empty",
    ],
)
def test_that_formula_cells_are_defused(value, cell):
    report = ArticleReport(input_title=value, lang="en", title=value)

    (row,) = _csv_rows(to_csv([report]))[1:]

    assert defuse_formula(value) == cell
    assert row[HEADERS.index("Article")] == cell
    assert row[HEADERS.index("Input title")] == cell


def test_that_errors_cannot_become_formulas_either():
    report = ArticleReport(
        input_title="X",
        lang="en",
        title="X",
        errors=(SourceError("=cmd", "boom"),),
    )

    (row,) = _csv_rows(to_csv([report]))[1:]

    assert row[HEADERS.index("Errors")] == "'=cmd: boom"


def test_that_number_columns_stay_numbers():
    report = ArticleReport(
        input_title="X",
        lang="en",
        title="X",
        exists=True,
        pageviews=0,
        language_editions=12,
        days_since_edit=0,
        rev_id=5,
        quality_score=0.0,
    )

    (row,) = _csv_rows(to_csv([report]))[1:]

    assert [row[HEADERS.index(h)] for h in NUMBER_HEADERS] == [
        "0.0",
        "0",
        "12",
        "0",
        "5",
    ]


def test_that_tsv_values_never_break_a_line_or_a_column():
    report = ArticleReport(
        input_title="a\tb",
        lang="en",
        title="line\none\r\ntwo",
        errors=(SourceError("quality", "x\ty\rz"),),
    )

    lines = to_tsv([report]).split("\n")

    assert lines[1].split("\t") == [
        "line one  two",
        "",
        "missing",
        *[""] * 12,
        "quality: x y z",
        "a b",
    ]
    assert lines[2:] == [""]


# -- wikitable ------------------------------------------------------------------


def test_that_the_wikitable_parses_back_to_the_intended_cells():
    rows = _wikitable_rows(to_wikitable(REPORTS, lang="en"))

    assert [_texts(cell) for cell in rows[0]] == [
        ["Article"],
        ["Quality"],
        ["Score (%)"],
        ["Tasks"],
        ["Topics"],
        ["Page views (30 days)"],
        ["Status"],
    ]
    assert [[_texts(cell) for cell in row[1:]] for row in rows[1:]] == [
        [
            ["FA"],
            ["98.3"],
            ["Add categories"],
            ["Biology; STEM (other)"],
            ["3198294"],
            ["ok"],
        ],
        [
            [""],
            [""],
            [""],
            ["Biography; Physics"],
            ["412345"],
            ["ok", "quality: LiftWing did not answer; try again later."],
        ],
        [[""], [""], [""], [""], [""], ["missing"]],
        [
            [""],
            [""],
            [""],
            [""],
            [""],
            ["invalid", "title: " + INVALID.invalid_reason],
        ],
    ]
    assert [_article(row[0]) for row in rows[1:]] == [
        ("link", "Cat"),
        ("link", "Albert Einstein"),
        ("text", "Ĝirafo sen kolo"),
        ("text", INVALID.title),
    ]


# What MediaWiki would act on; mwparserfromhell does not know all of it
# (signatures, behaviour switches, free links, strip markers).
MARKUP_RE = re.compile(r"[|!{}\[\]<>'\n\r\x7f]|~~~|__|://|^-")


@pytest.mark.parametrize(
    "value",
    [
        "{{Delete}}",
        "[[Category:Deletion]]",
        "''italic'' '''bold'''",
        "~~~~",
        "__NOTOC__",
        "<script>alert(1)</script>",
        "<nowiki>x</nowiki>",
        "a || b !! c",
        "|}",
        "|-",
        "-x",
        "! header?",
        "&amp; &#124;",
        "line\nbreak\r\nhere",
        "{| class=x",
        "-{zh-hans:汉;}-",
        "[https://example.org x]",
        "<!-- comment",
        "mailto:x@example.org",
        "\x7f'\"`UNIQ-nowiki-00000001-QINU`\"'\x7f",
    ],
    ids=[
        "template",
        "category-link",
        "quotes",
        "signature",
        "behaviour-switch",
        "script",
        "nowiki",
        "cell-separators",
        "table-end",
        "row-start",
        "leading-dash",
        "leading-bang",
        "entities",
        "line-breaks",
        "table-start",
        "language-converter",
        "external-link",
        "comment",
        "mailto",
        "strip-marker",
    ],
)
def test_that_wikitext_in_values_is_shown_not_interpreted(value):
    report = ArticleReport(
        input_title=value,
        lang="en",
        title=value,
        errors=(SourceError("topics", value),),
    )

    rows = _wikitable_rows(to_wikitable([report], lang="en"))

    assert len(rows) == 2 and len(rows[1]) == 7
    assert not MARKUP_RE.search(escape_wikitext(value))
    article, status = rows[1][0], rows[1][6]
    assert _only_text_and_entities(article) and _texts(article) == [_shown(value)]
    assert _texts(status) == ["missing", _shown(f"topics: {value}")]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Cat", "Cat"),
        ("AT&T", "AT&amp;T"),
        ("a|b", "a&#124;b"),
        ("-1", "&#45;1"),
        ("x-1", "x-1"),
        ("Ender's", "Ender&#39;s"),
    ],
    ids=["plain", "ampersand", "pipe", "leading-dash", "inner-dash", "apostrophe"],
)
def test_that_escaping_uses_entities(text, escaped):
    assert escape_wikitext(text) == escaped


def test_that_link_targets_keep_their_title_after_entity_decoding():
    report = ArticleReport(
        input_title="x", lang="en", title="Ender's Game & ~~~", exists=True
    )

    rows = _wikitable_rows(to_wikitable([report], lang="en"))

    assert _article(rows[1][0]) == ("link", "Ender's Game & ~~~")


# -- topic names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name", "root"),
    [
        ("STEM.Physics", "Physics", "STEM"),
        ("Culture.Biography.Biography*", "Biography", "Culture"),
        ("STEM.STEM*", "STEM (other)", "STEM"),
        ("Geography.Regions.Asia.South_Asia", "South Asia", "Geography"),
        ("Geography.Regions.Asia.Asia*", "Asia", "Geography"),
        ("STEM.Libraries_&_Information", "Libraries & Information", "STEM"),
        ("History_and_Society.Education", "Education", "History and Society"),
        ("Culture.Visual_arts.Visual_arts*", "Visual arts", "Culture"),
        ("Unknown_topic", "Unknown topic", "Unknown topic"),
    ],
    ids=[
        "two-levels",
        "catch-all",
        "root-catch-all",
        "region",
        "region-catch-all",
        "ampersand",
        "underscored-root",
        "underscored-catch-all",
        "no-dots",
    ],
)
def test_that_topic_labels_read_as_names(label, name, root):
    assert (topic_name(label), topic_root(label)) == (name, root)


# -- fuzzing --------------------------------------------------------------------

TEXT = st.text(
    st.one_of(
        st.sampled_from(list("=+-@\t\r\n '\"|!{}[]<>&~_#;:,*\x00\x0b\x85\u2028")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=20,
)
# Pages that exist have titles MediaWiki accepts: no markup or control characters.
VALID_TITLE = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="#<>[]|{}_",
    ),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip() == t and t)
MAYBE_TEXT = st.none() | TEXT
COUNT = st.none() | st.integers(0, 10**9)
FRACTION = st.floats(0, 1)


@st.composite
def reports(draw):
    """Reports with hostile text everywhere a user or a wiki supplies text."""
    exists = draw(st.booleans())
    invalid_reason = draw(st.none() | TEXT.filter(bool))
    errors = tuple(
        draw(
            st.lists(st.builds(SourceError, st.sampled_from(SOURCES), TEXT), max_size=3)
        )
    )
    ok = exists and not invalid_reason and all(e.source != "mediawiki" for e in errors)
    return ArticleReport(
        input_title=draw(TEXT),
        lang=draw(st.sampled_from(["en", "pa", "zh-min-nan"])),
        title=draw(VALID_TITLE if ok else TEXT),
        url=draw(MAYBE_TEXT),
        exists=exists,
        redirected_from=draw(MAYBE_TEXT),
        invalid_reason=invalid_reason,
        page_id=draw(COUNT),
        rev_id=draw(COUNT),
        last_edit=draw(
            st.none()
            | st.datetimes(
                min_value=datetime(2001, 1, 1),
                max_value=datetime(2100, 1, 1),
                timezones=st.just(UTC),
            ).map(lambda moment: moment.replace(microsecond=0))
        ),
        days_since_edit=draw(COUNT),
        language_editions=draw(COUNT),
        wikidata_item=draw(MAYBE_TEXT),
        pageviews=draw(COUNT),
        quality_score=draw(st.none() | FRACTION),
        quality_class=draw(MAYBE_TEXT),
        features=draw(
            st.dictionaries(
                st.sampled_from(FEATURE_NAMES),
                st.builds(
                    Feature,
                    st.booleans() | st.integers(0, 10**6),
                    st.booleans() | FRACTION,
                ),
            )
        ),
        tasks=tuple(draw(st.lists(st.sampled_from(list(TASKS_BY_ID)), unique=True))),
        topics=tuple(draw(st.lists(st.builds(Topic, TEXT, FRACTION), max_size=3))),
        countries=tuple(draw(st.lists(st.builds(Country, TEXT, FRACTION), max_size=3))),
        errors=errors,
        duplicates_removed=draw(st.integers(0, 100)),
    )


REPORT_LISTS = st.lists(reports(), max_size=4)
ENABLED = st.none() | st.frozensets(st.sampled_from(list(TASKS_BY_ID)))


@FUZZ
@given(REPORT_LISTS, ENABLED)
def test_that_csv_reads_back_to_the_values(reports, enabled):
    rows = _csv_rows(to_csv(reports, enabled))

    assert rows[0] == list(HEADERS)
    assert len(rows) == len(reports) + 1
    for report, row in zip(reports, rows[1:], strict=True):
        _assert_spreadsheet_row(row, _values(report, enabled))


@FUZZ
@given(REPORT_LISTS, ENABLED)
def test_that_tsv_reads_back_to_the_values(reports, enabled):
    text = to_tsv(reports, enabled)
    rows = list(
        csv.reader(
            io.StringIO(text, newline=""),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
            quotechar=None,
        )
    )

    assert text.count("\n") == len(reports) + 1
    assert len(rows) == len(reports) + 1
    for report, row in zip(reports, rows[1:], strict=True):
        values = {
            h: TSV_BREAKS.sub(" ", v) for h, v in _values(report, enabled).items()
        }
        _assert_spreadsheet_row(row, values)


@FUZZ
@given(REPORT_LISTS, ENABLED)
def test_that_the_wikitable_parses_back_to_the_values(reports, enabled):
    rows = _wikitable_rows(to_wikitable(reports, enabled, lang="en"))

    assert len(rows) == len(reports) + 1
    assert all(len(row) == 7 for row in rows)
    for report, row in zip(reports, rows[1:], strict=True):
        values = _values(report, enabled)
        kind = "link" if report.status == "ok" else "text"
        assert _article(row[0]) == (kind, _shown(report.title))
        assert _texts(row[1]) == [_shown(values["Quality class"])]
        assert _texts(row[2]) == [values["Quality score (%)"]]
        assert _texts(row[3]) == (_task_titles(report, enabled) or [""])
        assert _texts(row[4]) == [_shown(values["Topics"])]
        assert _texts(row[5]) == [values["Page views (30 days)"]]
        problems = [_shown(p) for p in _problems(report)]
        assert _texts(row[6]) == [report.status, *problems]


@FUZZ
@given(REPORT_LISTS)
def test_that_json_reads_back_to_the_reports(reports):
    data = json.loads(to_json(reports))

    assert [ArticleReport.from_dict(item) for item in data] == reports


# -- helpers --------------------------------------------------------------------

NUMBER_HEADERS = (
    "Quality score (%)",
    "Page views (30 days)",
    "Language editions",
    "Days since last edit",
    "Revision",
)


def _shown(text: str) -> str:
    """What a wikitable cell shows: control characters replaced, edges trimmed."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "\ufffd", text).strip()


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _task_titles(report: ArticleReport, enabled) -> list[str]:
    return [
        TASKS_BY_ID[t].title for t in report.tasks if enabled is None or t in enabled
    ]


def _problems(report: ArticleReport) -> list[str]:
    reason = [f"title: {report.invalid_reason}"] if report.invalid_reason else []
    return reason + [f"{e.source}: {e.message}" for e in report.errors]


def _values(report: ArticleReport, enabled) -> dict[str, str]:
    """Each spreadsheet column's value as the spec describes it, before defusing."""

    def number(value):
        return "" if value is None else str(value)

    score = report.quality_score
    return {
        "Article": report.title,
        "Link": report.url or "",
        "Status": report.status,
        "Redirected from": report.redirected_from or "",
        "Quality class": report.quality_class or "",
        "Quality score (%)": "" if score is None else f"{round(score * 100, 1):.1f}",
        "Tasks": "; ".join(_task_titles(report, enabled)),
        "Topics": "; ".join(topic_name(t.label) for t in report.topics),
        "Countries": "; ".join(c.name for c in report.countries),
        "Page views (30 days)": number(report.pageviews),
        "Language editions": number(report.language_editions),
        "Days since last edit": number(report.days_since_edit),
        "Last edit (UTC)": (
            report.last_edit.strftime("%Y-%m-%d %H:%M:%S") if report.last_edit else ""
        ),
        "Revision": number(report.rev_id),
        "Wikidata": report.wikidata_item or "",
        "Errors": "; ".join(_problems(report)),
        "Input title": report.input_title,
    }


def _assert_spreadsheet_row(row: list[str], values: dict[str, str]) -> None:
    assert len(row) == len(HEADERS)
    for header, cell in zip(HEADERS, row, strict=True):
        value = values[header]
        formula = value[:1] in ("\t", "\r") or value.lstrip()[:1] in (
            "=",
            "+",
            "-",
            "@",
        )
        if header in NUMBER_HEADERS or header == "Last edit (UTC)":
            assert cell == value, header
        elif formula and value:
            assert cell == "'" + value, header
        else:
            assert cell == value, header


def _wikitable_rows(text: str) -> list[list[Tag]]:
    """The header and data rows of the only table, each a list of its cells."""
    code = mwparserfromhell.parse(text)
    (table,) = code.filter_tags(
        matches=lambda node: node.tag == "table", recursive=False
    )
    assert str(code) == text and text.endswith("|}\n")
    rows = table.contents.filter_tags(matches=lambda n: n.tag == "tr", recursive=False)
    return [
        row.contents.filter_tags(
            matches=lambda n: n.tag in ("td", "th"), recursive=False
        )
        for row in rows
    ]


def _texts(cell: Tag) -> list[str]:
    """A cell's text, unescaped and split at <br /> tags."""
    parts: list[str] = [""]
    for node in cell.contents.nodes:
        if isinstance(node, Tag) and node.tag == "br":
            parts.append("")
        else:
            parts[-1] += str(node)
    return [html.unescape(part).strip() for part in parts]


def _article(cell: Tag) -> tuple[str, str]:
    """("link", target title) for a [[:Title]] cell, ("text", text) otherwise."""
    links = [node for node in cell.contents.nodes if isinstance(node, Wikilink)]
    if not links:
        assert _only_text_and_entities(cell)
        (text,) = _texts(cell)
        return "text", text
    (link,) = links
    others = "".join(str(n) for n in cell.contents.nodes if n is not link)
    assert others.strip() == ""
    target = html.unescape(str(link.title))
    assert target.startswith(":") and link.text is None
    return "link", target[1:].strip()


def _only_text_and_entities(cell: Tag) -> bool:
    return all(isinstance(node, Text | HTMLEntity) for node in cell.contents.nodes)
