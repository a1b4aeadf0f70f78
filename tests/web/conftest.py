"""Browser tests: Debian's Chromium driven by Playwright against a real server on a free port.

The server is ``tests/server/harness.py``'s ``ServerThread`` (memory storage, fast bots,
every game dealt from its fixed seed: the scripted players play the same games every run).
Without Chromium the tests skip with the reason, except under CI (``CI`` set), where
``.ci/run`` installs it and a missing browser is a failure.

Screenshots go to a temporary folder, so a test run changes no tracked file. To refresh the
README's pictures on purpose, name their folder: ``MANTIMON_SCREENSHOTS=docs/screenshots
.venv/bin/pytest tests/web``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.server.harness import ServerThread

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS_ENV = "MANTIMON_SCREENSHOTS"


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
    and Content-Security-Policy violations (the page must work under its policy) fail the
    test."""
    contexts = []
    errors: list[str] = []

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(base_url=web.url, viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.extend(csp_violations([msg])))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors or policy violations on the page: {errors}"


def csp_violations(messages: list[ConsoleMessage]) -> list[str]:
    """The console errors that report a Content-Security-Policy violation."""
    return [m.text for m in messages if m.type == "error" and "Content Security Policy" in m.text]


Shot = Callable[..., None]


def screenshot_folder(environ: Mapping[str, str], make_temporary: Callable[[], Path]) -> Path:
    """``$MANTIMON_SCREENSHOTS`` when set (relative to the current directory), else a new
    temporary folder: a test run never rewrites the tracked docs/screenshots/ unasked."""
    chosen = environ.get(SCREENSHOTS_ENV)
    if not chosen:
        return make_temporary()
    folder = Path(chosen)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screenshot_folder(os.environ, lambda: tmp_path_factory.mktemp("screenshots"))


@pytest.fixture
def shot(screenshots: Path) -> Shot:
    """``shot(page, "board.png", full_page=False)``: save a screenshot in ``screenshots``."""

    def take(page: Page, name: str, full_page: bool = False) -> None:
        page.screenshot(path=str(screenshots / name), full_page=full_page)

    return take
