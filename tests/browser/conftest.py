"""Fixtures for the browser tests: the simulator, the dashboard, Chromium.

One Wikimedia simulator (in a thread of this process) and one `streamlit run
app.py` subprocess pointed at it serve every browser test; each test gets a fresh
browser context, so a fresh Streamlit session, at one of two sizes:

* `laptop`: a 1366×768 window, clicked with a mouse;
* `phone`: Playwright's Pixel 7 (412×915, touch, mobile), tapped.

Chromium is Debian's (`/usr/bin/chromium`): `playwright install` cannot download
browsers here.

The fixtures live as long as this package's tests, not the whole session:
Playwright's sync API keeps an event loop running in the main thread, and tests
that run after these call `asyncio.run`.

The simulator runs in this process, so a test changes what the server sees by
changing it: `dashboard.sim.config.faults = …`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Playwright,
    expect,
    sync_playwright,
)

from tests.browser.dashboard import Dashboard, Screen
from tests.simulator import Simulator, SimulatorThread

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Seconds for the server to answer /_stcore/health; a cold import of Streamlit,
# pandas and the app takes a few.
SERVER_START_TIMEOUT = 60
# Milliseconds for any expectation: a run of a dozen articles against the simulator
# takes about a second, a first page load a few.
EXPECT_TIMEOUT = 20_000

SIZES = ("laptop", "phone")
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _wait_for_health(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Poll the health endpoint; the pause between polls is a wait on the process,
    so a server that dies is reported at once, with its log."""
    for _ in range(SERVER_START_TIMEOUT * 10):
        if _healthy(url):
            return
        try:
            code = process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(
            f"streamlit exited with code {code} before answering; its log:\n"
            + log.read_text(errors="replace")[-4000:]
        )
    raise RuntimeError(
        f"streamlit did not answer {url}/_stcore/health within "
        f"{SERVER_START_TIMEOUT} s; its log is {log}"
    )


@pytest.fixture(scope="package")
def browser_simulator() -> Iterator[Simulator]:
    with SimulatorThread() as sim:
        yield sim


@pytest.fixture(scope="package")
def dashboard(
    browser_simulator: Simulator, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dashboard]:
    folder = tmp_path_factory.mktemp("dashboard")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **browser_simulator.test_env,
        "MICROTASK_CACHE_URL": f"sqlite:///{folder / 'cache.sqlite3'}",
        # A failing source gives up quickly: the retry flow is about the button.
        "MICROTASK_RETRIES": "1",
        "MICROTASK_BACKOFF": "0.01",
        "MICROTASK_TIMEOUT": "5",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = folder / "streamlit.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_health(process, url, log)
        yield Dashboard(url, browser_simulator, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="package")
def driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(driver: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package.")
    expect.set_options(timeout=EXPECT_TIMEOUT)
    chromium = driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()


def context_options(driver: Playwright, size: str) -> dict[str, Any]:
    if size == "phone":
        return {**driver.devices["Pixel 7"]}
    return dict(LAPTOP)


@pytest.fixture(params=SIZES)
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


ScreenFactory = Callable[[], Screen]


@pytest.fixture
def open_screen(
    browser: Browser, driver: Playwright, size: str, dashboard: Dashboard
) -> Iterator[ScreenFactory]:
    """Opens the dashboard in a new browser context (a new visitor) at `size`.

    alert/confirm/prompt dialogs are recorded on the screen and dismissed: none
    should ever open.
    """
    contexts: list[BrowserContext] = []

    def open_one() -> Screen:
        context = browser.new_context(
            **context_options(driver, size), accept_downloads=True
        )
        context.set_default_timeout(EXPECT_TIMEOUT)
        contexts.append(context)
        screen = Screen(context.new_page(), size, dashboard)

        def record(dialog: Dialog) -> None:
            screen.dialogs.append(dialog.message)
            dialog.dismiss()

        screen.page.on("dialog", record)
        return screen

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def screen(open_screen: ScreenFactory) -> Screen:
    """The dashboard, loaded, in a fresh session at `size`."""
    opened = open_screen()
    opened.open()
    return opened
