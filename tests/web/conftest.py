"""Browser tests: Debian's Chromium driven by Playwright against a real server on a free port.

The server is ``tests/server/harness.py``'s ``ServerThread`` (memory storage, fast bots,
every game dealt from its fixed seed: the scripted players play the same games every run).
Without Chromium the tests skip with the reason, except under CI (``CI`` set), where
``.ci/run`` installs it and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.server.harness import ServerThread

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install -y chromium; .ci/run does this)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(Path(tmp_path_factory.mktemp("web")), bot_think_seconds=0.02).start()
    yield srv
    srv.stop()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, web: ServerThread) -> Iterator[NewPage]:
    """``new_page(width=1280, height=900)``: a page in a fresh browser context (its own
    localStorage, like another person's browser) at the server's base URL. Page errors
    fail the test."""
    contexts = []
    errors: list[str] = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(base_url=web.url, viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Page, name: str, full_page: bool = False) -> None:
    """Save a screenshot under docs/screenshots/ (linked from the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)
