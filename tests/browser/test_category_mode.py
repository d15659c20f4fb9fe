"""Category mode in a real browser, on a laptop and on a phone: the mode switch
(findable with the sidebar closed), the searchbox's suggestions and a run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from microtask.ui import keys
from tests.browser.dashboard import (
    Screen,
    article_cells,
    by_key,
    expect_showing,
    shoot,
)

pytestmark = pytest.mark.browser


def test_that_a_category_is_found_by_typing_and_gives_its_articles(
    screen: Screen,
) -> None:
    page = screen.page
    screen.press(by_key(page, keys.MODE).get_by_role("radio", name="Category"))
    picker = by_key(page, keys.CATEGORY_FRAGMENT).frame_locator("iframe")
    search = picker.get_by_role("combobox")
    screen.press(search)
    search.press_sequentially("Feli")
    suggestion = picker.get_by_role(
        "option", name=re.compile(r"^Felines \(\d+ pages\)$")
    )
    expect(suggestion).to_be_visible()
    shoot(screen, "category-suggestions", by_key(page, keys.CATEGORY_FRAGMENT))

    screen.press(suggestion)
    limit = page.get_by_role("spinbutton", name="Number of articles")
    limit.fill("5")
    limit.press("Enter")
    screen.press(page.get_by_role("button", name="Get Articles From Category"))

    expect_showing(page, 5, 5)
    expect(article_cells(page)).to_have_count(5)
    expect(
        page.get_by_text("Took the first 5 articles of Category:Felines")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]category=Felines(&|$)"))
    shoot(screen, "category-results", by_key(page, keys.SHOWING))
