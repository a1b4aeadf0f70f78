"""The turn clock in the page: a countdown, the server's warnings as notices, and what
happens when time runs out (the server acts; three timeouts in a row lose the game)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.server.harness import ServerThread
from tests.web.conftest import NewPage
from tests.web.play import sign_in

# Three-second turns watched through a browser: run alone, after the parallel pass.
pytestmark = pytest.mark.serial


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """A server whose turns last 3 seconds, dealing every game from one seed: with a random
    deal the bot sometimes knocks out the idle player's only creature before their third
    timeout, and the game ends for another reason."""
    srv = ServerThread(
        Path(tmp_path_factory.mktemp("web-timer")),
        bot_think_seconds=0.02,
        turn_seconds=3,
        game_seed=1,
    ).start()
    yield srv
    srv.stop()


def test_warnings_timeouts_and_a_loss_on_time(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Slow")
    page.check("#bot-timed")  # bot games are untimed unless the player asks for the clock
    page.click("[data-bot=greedy]")
    timer = page.locator("[data-timer][role=timer]")
    expect(timer).to_contain_text("You: 0:0")
    warning = page.locator(".toast[data-kind=warning]", has_text="left for this turn")
    expect(warning.first).to_be_visible()
    expect(page.locator(".toast", has_text="Time ran out").first).to_be_visible(timeout=10_000)
    dialog = page.locator("dialog[data-slot=over][open]")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog.get_by_role("heading", name="You lost")).to_be_visible()
    expect(dialog.locator(".over-reason")).to_have_attribute("data-reason", "timeout")
