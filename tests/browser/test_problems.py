"""What goes wrong, in a real browser, on a laptop and on a phone: an unknown
wiki, a title made of HTML, and a source that fails until it is retried."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from microtask.ui import keys
from tests.browser.dashboard import (
    Dashboard,
    Screen,
    article_cells,
    ask_titles,
    by_key,
    fill_titles,
    grid,
    row_cell,
    select_row,
    shoot,
)
from tests.simulator import FaultPlan, SimulatorConfig

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
# A title per size: once a retry succeeds its scores are cached, and the next
# run of the same title would have nothing left to fail.
FAILING = {"laptop": "Tiger", "phone": "Lion"}


def test_that_an_unknown_wiki_is_a_message_not_a_traceback(screen: Screen) -> None:
    page = screen.page
    fill_titles(screen, ["Cat"], lang="xx")

    screen.press(page.get_by_role("button", name="Get Recommended Tasks"))

    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Could not fetch the articles")
    expect(error).to_contain_text("xx")
    expect(page.get_by_text("Traceback")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(by_key(page, keys.SHOWING)).to_have_count(0)
    shoot(screen, "error", error)


def test_that_a_title_made_of_html_stays_text(screen: Screen) -> None:
    page = screen.page

    ask_titles(screen, ["Cat", XSS])
    select_row(screen, XSS)

    expect(article_cells(page).filter(has_text=XSS)).to_have_count(1)
    expect(by_key(page, keys.DETAIL).get_by_role("heading")).to_have_text(XSS)
    expect(page.locator("img[src=x]")).to_have_count(0)
    expect(grid(page).locator("img[src=x]")).to_have_count(0)
    assert screen.dialogs == []


@pytest.fixture
def simulator_config(dashboard: Dashboard) -> Iterator[SimulatorConfig]:
    """The simulator's settings, with its faults cleared after the test."""
    yield dashboard.sim.config
    dashboard.sim.config.faults = FaultPlan()


def test_that_a_failed_source_is_marked_and_retried(
    screen: Screen, simulator_config: SimulatorConfig
) -> None:
    title = FAILING[screen.size]
    simulator_config.faults = FaultPlan().fail_title("liftwing", title, "5xx")
    ask_titles(screen, ["Cat", title])
    page = screen.page
    expect(row_cell(page, title, "article")).to_have_text(f"{title} ⚠")
    expect(row_cell(page, title, "status")).to_contain_text("quality")
    failures = by_key(page, keys.FAILURES)
    expect(failures).to_contain_text(
        "1 article has sources that failed: geography, quality, topics."
    )
    shoot(screen, "failed-source", failures)
    simulator_config.faults = FaultPlan()

    screen.press(failures.get_by_role("button", name="Retry failed sources"))

    expect(failures).to_have_count(0)
    expect(row_cell(page, title, "article")).to_have_text(title)
    expect(row_cell(page, title, "status")).to_have_text("OK")
    expect(
        page.get_by_text("Retried 1 article: every source answered.")
    ).to_be_visible()
