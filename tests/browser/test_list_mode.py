"""List mode in a real browser, on a laptop and on a phone: titles to table,
filters, a row's detail, the three downloads and a shared link."""

from __future__ import annotations

import csv
import html
import io
import re

import mwparserfromhell
import pytest
from playwright.sync_api import Download, expect

from microtask.ui import keys
from tests.browser.conftest import ScreenFactory
from tests.browser.dashboard import (
    Screen,
    article_cells,
    ask_titles,
    by_key,
    choose_option,
    expect_showing,
    grid,
    row_cell,
    select_row,
    shoot,
)

pytestmark = pytest.mark.browser

# A redirect, a missing page, an invalid title, a maintenance banner, a stub, and
# a title a spreadsheet would run as a formula.
TITLES = [
    "Cat",
    "Felis catus",
    "Catt",
    "Cat|Dog",
    "Jungle cat",
    "Cat gap",
    "Borneo bay cat",
    "=SUM(A1)",
]
HEADERS = [
    "Article",
    "Tasks",
    "Status",
    "Class",
    "Quality",
    "Topics",
    "Geography",
    "Page views",
    "Language editions",
    "Days since last edit",
]
# (card key, label) in reading order.
CARDS = [
    ("characters", "Length"),
    ("refs", "References"),
    ("wikilinks", "Internal links"),
    ("headings", "Sections"),
    ("media", "Images and media"),
    ("categories", "Categories"),
    ("infobox", "Infobox"),
    ("messagebox", "Maintenance messages"),
]
NO_TASK_ROWS = ["Catt", "Cat|Dog", "=SUM(A1)"]


def pick_only(screen: Screen, filter_name: str, option: str) -> None:
    """None, then one value: how an organizer narrows a filter to one value."""
    page = screen.page
    screen.press(by_key(page, keys.filter_widget(filter_name) + "_none"))
    expect_showing(page, 0, len(TITLES))
    box = by_key(page, keys.filter_widget(filter_name)).get_by_role("combobox")
    choose_option(screen, box, option)
    page.keyboard.press("Escape")


def test_that_a_list_becomes_a_table_of_tasks(screen: Screen) -> None:
    ask_titles(screen, TITLES)

    page = screen.page
    expect(article_cells(page)).to_have_count(len(TITLES))
    expect(grid(page).get_by_role("columnheader")).to_have_text(HEADERS)
    expect(row_cell(page, "Cat", "status")).to_have_text("OK")
    expect(row_cell(page, "Cat ↩ Felis catus", "status")).to_have_text(
        "Redirect followed"
    )
    expect(row_cell(page, "Catt", "status")).to_have_text("Missing: no such page")
    expect(row_cell(page, "Catt", "article")).to_have_text("Catt (missing)")
    expect(row_cell(page, "Cat|Dog", "article")).to_have_text("Cat|Dog (invalid title)")
    expect(row_cell(page, "Cat|Dog", "status")).to_contain_text("Invalid title")
    expect(row_cell(page, "Jungle cat", "tasks")).to_contain_text(
        "Check the maintenance banner"
    )
    expect(row_cell(page, "Cat", "quality_class")).to_have_text("FA")
    expect(page.get_by_text("2 titles did not match a page")).to_be_visible()
    expect(page.get_by_text("1 line cannot be a Wikipedia title")).to_be_visible()
    shoot(screen, "results-table", by_key(page, keys.SHOWING))


def test_that_the_task_filter_narrows_the_table(screen: Screen) -> None:
    ask_titles(screen, TITLES)
    page = screen.page

    pick_only(screen, "tasks", "Check the maintenance banner")

    expect_showing(page, 1, len(TITLES))
    expect(article_cells(page)).to_have_text(["Jungle cat"])
    screen.press(by_key(page, keys.filter_widget("tasks") + "_all"))
    expect_showing(page, len(TITLES), len(TITLES))
    screen.press(by_key(page, keys.filter_widget("tasks") + "_none"))
    expect_showing(page, 0, len(TITLES))
    expect(page.get_by_text("No article matches the filters")).to_be_visible()


def test_that_a_row_shows_its_cards_score_and_links(screen: Screen) -> None:
    ask_titles(screen, TITLES)
    page = screen.page

    select_row(screen, "Jungle cat")

    detail = by_key(page, keys.DETAIL)
    expect(detail.get_by_test_id("stProgress").first).to_contain_text(
        re.compile(r"Quality: (Stub|Start|C|B|GA|FA) · score 0\.\d\d")
    )
    cards = [by_key(page, keys.CARD_PREFIX + name) for name, _ in CARDS]
    for card, (_, label) in zip(cards, CARDS, strict=True):
        expect(card).to_contain_text(label)
    expect(cards[-1]).to_contain_text("Maintenance messages · Yes")
    expect(cards[-1]).to_contain_text("Task: Check the maintenance banner")
    expect(detail.get_by_role("link", name="Read on Wikipedia")).to_have_attribute(
        "href", "https://en.wikipedia.org/wiki/Jungle_cat"
    )
    expect(detail.get_by_role("link", name="Edit")).to_have_attribute(
        "href", re.compile(r"title=Jungle%20cat&action=edit$")
    )
    shoot(screen, "detail-cards", cards[0])
    width = page.viewport_size["width"] if page.viewport_size else 0
    boxes = [card.bounding_box() for card in cards]
    assert all(b and b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    places = [(round(b["y"]), b["x"]) for b in boxes if b]
    assert places == sorted(places), "cards are not in reading order"


def read(download: Download) -> str:
    return download.path().read_text(encoding="utf-8")


def download(screen: Screen, key: str) -> str:
    with screen.page.expect_download() as info:
        screen.press(by_key(screen.page, key).get_by_role("button"))
    return read(info.value)


def test_that_each_download_follows_the_filter(screen: Screen) -> None:
    ask_titles(screen, TITLES)
    pick_only(screen, "tasks", "No task")
    expect_showing(screen.page, len(NO_TASK_ROWS), len(TITLES))

    csv_text = download(screen, keys.DOWNLOAD_CSV)
    tsv_text = download(screen, keys.DOWNLOAD_TSV)
    wikitable = download(screen, keys.DOWNLOAD_WIKITABLE)

    spreadsheet_rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["Article"] for r in spreadsheet_rows] == ["Catt", "Cat|Dog", "'=SUM(A1)"]
    assert [r["Status"] for r in spreadsheet_rows] == ["missing", "invalid", "missing"]
    tsv_rows = list(csv.DictReader(io.StringIO(tsv_text), delimiter="\t"))
    assert [r["Article"] for r in tsv_rows] == ["Catt", "Cat|Dog", "'=SUM(A1)"]
    assert "Cat|Dog" not in wikitable and "Cat&#124;Dog" in wikitable
    assert wikitable_articles(wikitable) == NO_TASK_ROWS

    page = screen.page
    screen.press(page.get_by_text("Wikitable to paste on a talk page"))
    code = by_key(page, keys.WIKITABLE_CODE).locator("code")
    expect(code).to_be_visible()
    assert (code.text_content() or "").strip() == wikitable.strip()


def wikitable_articles(text: str) -> list[str]:
    """The Article cell of each data row, as MediaWiki would show it."""
    table = mwparserfromhell.parse(text).filter_tags(matches=lambda n: n.tag == "table")
    rows = [n for n in table[0].contents.nodes if getattr(n, "tag", None) == "tr"]
    firsts = [
        row.contents.filter_tags(matches=lambda n: n.tag == "td")[0] for row in rows[1:]
    ]
    return [html.unescape(str(cell.contents)).strip() for cell in firsts]


def test_that_a_shared_link_opens_the_same_view_from_the_cache(
    screen: Screen, open_screen: ScreenFactory
) -> None:
    ask_titles(screen, TITLES)
    pick_only(screen, "tasks", "Check the maintenance banner")
    expect(screen.page).to_have_url(re.compile(r"[?&]task=maintenance(&|$)"))
    link = screen.page.url
    sim = screen.dashboard.sim
    sim.recorder.reset()

    friend = open_screen()
    friend.page.goto(link)

    page = friend.page
    expect_showing(page, 1, len(TITLES))
    expect(article_cells(page)).to_have_text(["Jungle cat"])
    tags = by_key(page, keys.filter_widget("tasks")).locator("[data-tag]")
    expect(tags).to_have_text(["Check the maintenance banner (1)"])
    titles = page.get_by_role("textbox", name="Article titles, one per line")
    expect(titles).to_have_value("\n".join(TITLES))
    assert sim.recorder.counts()["liftwing"] == 0
