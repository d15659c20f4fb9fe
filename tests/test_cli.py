"""The command line, run in-process against the simulator in a thread."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import mwparserfromhell
import pytest

from microtask.cli import main
from tests.simulator import Simulator

TITLES = "Cat\nFelis_catus\nNo such article about cats\nCat[1]\nJungle cat\nCat\n"


@pytest.fixture
def wiki(
    simulator_thread: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Simulator:
    for name, value in simulator_thread.test_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MICROTASK_CACHE_URL", f"sqlite:///{tmp_path / 'c.sqlite3'}")
    monkeypatch.setenv("MICROTASK_BACKOFF", "0.01")
    return simulator_thread


@pytest.fixture
def titles_file(tmp_path: Path) -> Path:
    path = tmp_path / "titles.txt"
    path.write_text(TITLES, encoding="utf-8")
    return path


def test_that_json_has_one_object_per_input_title(
    wiki: Simulator, titles_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["analyze", "--lang", "en", "--titles-file", str(titles_file)])

    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert status == 0
    assert [r["input_title"] for r in rows] == [
        "Cat",
        "Felis catus",
        "No such article about cats",
        "Cat[1]",
        "Jungle cat",
    ]
    assert set(rows[0]) >= {
        "input_title", "title", "lang", "url", "exists", "redirected_from",
        "page_id", "rev_id", "last_edit", "days_since_edit", "language_editions",
        "pageviews", "quality_score", "quality_class", "features", "tasks",
        "topics", "countries", "errors",
    }  # fmt: skip
    assert rows[0]["last_edit"].endswith("Z")
    assert rows[1]["redirected_from"] == "Felis catus" and rows[1]["title"] == "Cat"
    assert rows[2]["exists"] is False and rows[3]["status"] == "invalid"
    assert "maintenance" in rows[4]["tasks"]
    assert rows[0]["features"]["refs"] == {"raw": 318, "normalized": 1}
    assert "5/5 articles" in err


def test_that_csv_and_tsv_carry_the_same_rows(
    wiki: Simulator, titles_file: Path, tmp_path: Path
) -> None:
    csv_path, tsv_path = tmp_path / "out.csv", tmp_path / "out.tsv"
    common = ["analyze", "--lang", "en", "--titles-file", str(titles_file)]

    assert main([*common, "--format", "csv", "--output", str(csv_path)]) == 0
    assert main([*common, "--format", "tsv", "--output", str(tsv_path)]) == 0

    table = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    lines = tsv_path.read_text(encoding="utf-8").splitlines()
    assert len(table) == 5 == len(lines) - 1
    assert table[0]["Article"] == "Cat" and table[0]["Quality class"] == "FA"
    assert lines[1].split("\t")[0] == "Cat"


def test_that_the_wikitable_parses_and_links_articles(
    wiki: Simulator, titles_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["analyze", "--lang", "en", "--titles-file", str(titles_file)]

    status = main([*args, "--format", "wikitable", "--tasks", "maintenance"])

    out = capsys.readouterr().out
    code = mwparserfromhell.parse(out)
    tables = code.filter_tags(matches=lambda node: node.tag == "table")
    assert status == 0 and len(tables) == 1
    rows = [n for n in tables[0].contents.nodes if getattr(n, "tag", None) == "tr"]
    assert len(rows) == 6  # header and five articles
    links = {str(link.title) for link in code.filter_wikilinks()}
    assert ":Cat" in links and ":Jungle cat" in links
    assert "Add references" not in out  # only the chosen task type
    assert "Check the maintenance banner" in out


def test_that_category_mode_takes_the_limit(
    wiki: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["analyze", "--lang", "en", "--category", "Felines", "--limit", "5"])

    rows = json.loads(capsys.readouterr().out)
    assert status == 0 and len(rows) == 5 and all(r["exists"] for r in rows)


def test_that_stdin_is_read_with_a_dash(
    wiki: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("ネコ\n猫\n"))

    status = main(["analyze", "--lang", "ja", "--titles-file", "-"])

    rows = json.loads(capsys.readouterr().out)
    assert status == 0 and [r["title"] for r in rows] == ["ネコ", "ネコ"]


def test_that_categories_are_suggested(
    wiki: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["categories", "--lang", "en", "Feli"])

    out = capsys.readouterr().out
    assert status == 0 and "Felines\t24" in out


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        pytest.param(["--lang", "e n"], TITLES, "language code", id="bad-lang"),
        pytest.param(["--lang", "xx"], TITLES, "code 'xx'", id="unknown-wiki"),
        pytest.param(["--lang", "en"], " \n\n\t\n", "No article titles", id="empty"),
        pytest.param(
            ["--lang", "en", "--tasks", "refs"], TITLES, "refs", id="unknown-task"
        ),
    ],
)
def test_that_bad_input_exits_2_with_a_message(
    wiki: Simulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    content: str,
    message: str,
) -> None:
    path = tmp_path / "titles.txt"
    path.write_text(content, encoding="utf-8")

    status = main(["analyze", *args, "--titles-file", str(path)])

    err = capsys.readouterr().err
    assert status == 2
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--titles-file", "/no/such/file.txt"], id="missing-file"),
        pytest.param(["--category", "No such category"], id="missing-category"),
        pytest.param(["--category", "Felines", "--limit", "-3"], id="bad-limit"),
        pytest.param([], id="no-source"),
    ],
)
def test_that_bad_arguments_exit_2(
    wiki: Simulator, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    status = main(["analyze", "--lang", "en", *args])

    err = capsys.readouterr().err
    assert status == 2 and err.strip() and "Traceback" not in err


def test_that_an_unreachable_wiki_exits_1(
    monkeypatch: pytest.MonkeyPatch,
    titles_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MICROTASK_MEDIAWIKI_URL", "http://127.0.0.1:9/{lang}/w/api.php")
    monkeypatch.setenv("MICROTASK_CACHE_URL", "memory://")
    monkeypatch.setenv("MICROTASK_RETRIES", "1")
    monkeypatch.setenv("MICROTASK_BACKOFF", "0.01")

    status = main(["analyze", "--lang", "en", "--titles-file", str(titles_file)])

    err = capsys.readouterr().err
    assert status == 1 and "could not run" in err and "127.0.0.1:9" in err


def test_that_urls_from_another_wiki_are_noted(
    wiki: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(
        "https://es.wikipedia.org/wiki/Gato\nhttps://en.wikipedia.org/wiki/Cat%20gap\n",
        encoding="utf-8",
    )

    status = main(["analyze", "--lang", "en", "--titles-file", str(path)])

    out, err = capsys.readouterr()
    assert status == 0
    assert "es.wikipedia.org" in err
    assert [r["input_title"] for r in json.loads(out)] == ["Gato", "Cat gap"]
