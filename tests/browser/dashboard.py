"""What an organizer does on the dashboard, as Playwright steps.

Everything is found by role, label, text or the `st-key-<key>` class Streamlit
gives each keyed element (`microtask.ui.keys`); the grid by the attributes AG
Grid puts on its rows and cells (`row-id` is our input index, `col-id` the
column's field). Waiting is always an `expect(...)` on what should appear.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import FrameLocator, Locator, Page, expect

from microtask.ui import keys
from tests.simulator import Simulator

TITLES_BOX = "Article titles, one per line"
LANG_BOX = "Wikipedia language code"

# Screenshots for people to look at: set MICROTASK_SHOTS=/tmp/shots to keep them.
SHOTS = os.environ.get("MICROTASK_SHOTS", "")


@dataclass
class Dashboard:
    """The running dashboard and the simulator behind it."""

    url: str
    sim: Simulator
    log: Path


@dataclass
class Screen:
    """One test's page, at one size, and what it must not have done."""

    page: Page
    size: str
    dashboard: Dashboard
    dialogs: list[str] = field(default_factory=list)

    @property
    def phone(self) -> bool:
        return self.size == "phone"

    def press(self, target: Locator) -> None:
        """A tap on the phone, a click on the laptop."""
        if self.phone:
            target.tap()
        else:
            target.click()

    def open(self, query: str = "") -> None:
        """Load the dashboard (with a link's `?…` if given), wait until drawn."""
        self.page.goto(self.dashboard.url + query)
        wait_until_idle(self.page)


def wait_until_idle(page: Page) -> None:
    """Connected, script finished, no skeleton left (shared/docs/ui.md)."""
    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def by_key(page: Page, key: str) -> Locator:
    return page.locator(f".st-key-{key}")


def fill_titles(screen: Screen, titles: list[str], lang: str = "en") -> None:
    page = screen.page
    page.get_by_role("textbox", name=LANG_BOX, exact=True).fill(lang)
    page.get_by_role("textbox", name=TITLES_BOX, exact=True).fill("\n".join(titles))


def ask_titles(screen: Screen, titles: list[str], lang: str = "en") -> None:
    """Paste titles, press the button, wait for every row of the table."""
    fill_titles(screen, titles, lang)
    screen.press(screen.page.get_by_role("button", name="Get Recommended Tasks"))
    expect_showing(screen.page, len(titles), len(titles))
    wait_until_idle(screen.page)


def expect_showing(page: Page, shown: int, total: int) -> None:
    """Wait for the count above the table to read "Showing `shown` of `total`".

    Counted rather than read: while the page re-runs, Streamlit may briefly keep
    the previous copy of an element next to the new one.
    """
    noun = "article" if total == 1 else "articles"
    text = f"Showing {shown:,} of {total:,} {noun}"
    counts = by_key(page, keys.SHOWING)
    expect(counts.filter(has_text=re.compile(f"^{re.escape(text)}$"))).to_have_count(1)
    expect(counts).to_have_count(1)


def grid(page: Page) -> FrameLocator:
    """The results grid's iframe (its key ends with the request's key)."""
    return page.locator(f"[class*='st-key-{keys.GRID_PREFIX}']").frame_locator("iframe")


def article_cells(page: Page) -> Locator:
    return grid(page).locator("[role=gridcell][col-id=article]")


def row_cell(page: Page, label: str, column: str) -> Locator:
    """The `column` cell of the row whose Article cell reads `label`.

    `label` is the title, plus " ↩ <input title>" for a redirect; a "(missing)"
    or "(invalid title)" note and the ⚠ flag after it are allowed. The Article
    column is pinned, so AG Grid draws it in a container of its own: the row is
    found there, and its `row-id` names the same row in the other columns.
    """
    pattern = re.compile(rf"^{re.escape(label)}( \((missing|invalid title)\))?( ⚠)?$")
    article = article_cells(page).filter(has_text=pattern)
    row_id = article.locator("xpath=..").get_attribute("row-id")
    return grid(page).locator(f"[role=row][row-id='{row_id}'] [col-id='{column}']")


def select_row(screen: Screen, title: str) -> None:
    """Click (tap) a row on its Status cell: the Article cell holds a link."""
    cell = row_cell(screen.page, title, "status")
    cell.scroll_into_view_if_needed()
    screen.press(cell)
    expect(by_key(screen.page, keys.DETAIL).get_by_role("heading")).to_have_text(title)


def choose_option(screen: Screen, combobox: Locator, option: str) -> None:
    """Open a select box and pick the option whose text starts with `option`."""
    screen.press(combobox)
    choice = screen.page.get_by_role(
        "option", name=re.compile(rf"^{re.escape(option)}")
    )
    screen.press(choice)


def shoot(screen: Screen, name: str, target: Locator | None = None) -> None:
    """Save what the viewport shows, scrolled to `target`, if MICROTASK_SHOTS is set."""
    if not SHOTS:
        return
    if target is not None:
        target.scroll_into_view_if_needed()
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    screen.page.screenshot(path=folder / f"{screen.size}-{name}.png")
