"""Every screen of the browser client passes axe-core's checks: no violation of impact
"serious" or "critical" (contrast, names of buttons and fields, roles, landmarks, ...).

axe-core comes bundled in the ``axe-playwright-python`` package (no download at test time)
and runs inside the page as it is drawn. Each screen is one entry of ``SCREENS``: a name
and how to reach it from a fresh browser context; a new screen is one more line (``url``
for a screen its address alone opens).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import READY, sign_in, wait_turn

BLOCKING = {"serious", "critical"}
AXE = Axe()

Open = Callable[[NewPage], Page]


def url(path: str, ready: str) -> Open:
    """A screen its address opens (for a signed-in player), ready once ``ready`` shows."""

    def open_(new_page: NewPage) -> Page:
        page = new_page()
        sign_in(page, "Ada")
        page.goto(path)
        page.wait_for_selector(ready)
        return page

    return open_


def start_page(new_page: NewPage) -> Page:
    page = new_page()
    sign_in(page, "Ada")
    expect(page.locator(".deck-desc")).not_to_be_empty()
    return page


def campaign_clubs(new_page: NewPage) -> Page:
    page = new_page()
    sign_in(page, "Ada")
    page.goto("/?campaign")
    page.select_option("#campaign-starter", "tidal-mind")
    page.click("[data-begin]")
    page.wait_for_selector("[data-club]")
    return page


def collection(new_page: NewPage) -> Page:
    page = campaign_clubs(new_page)  # the collection is the campaign's: begun, it holds cards
    page.goto("/?collection")
    page.wait_for_selector(".collection-card")
    return page


def _bot_game(new_page: NewPage) -> Page:
    page = new_page()
    sign_in(page, "Ada")
    page.click("[data-bot=random]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    wait_turn(page)
    return page


def game_as_player(new_page: NewPage) -> Page:
    page = _bot_game(new_page)
    page.locator(".hand-card.has-moves").first.click()  # place an Active: the board fills
    page.locator("dialog[data-slot=card] button.move").first.click()
    page.wait_for_selector(READY)
    page.locator("details.all-moves summary").click()
    return page


def game_as_spectator(new_page: NewPage) -> Page:
    player = game_as_player(new_page)
    game_id = player.url.split("game=")[1]
    page = new_page()
    sign_in(page, "Watcher")
    page.goto(f"/?watch={game_id}")
    page.wait_for_selector("#game[data-role=spectator] .board")
    return page


def game_over_dialog(new_page: NewPage) -> Page:
    page = _bot_game(new_page)
    page.get_by_role("button", name="Resign").click()
    page.locator("dialog[data-slot=confirm]").get_by_role("button", name="Resign").click()
    page.wait_for_selector("dialog[data-slot=over][open]")
    return page


def signed_out(new_page: NewPage) -> Page:
    page = new_page()
    page.goto("/")
    page.wait_for_selector("#login-username")
    return page


def replay_page(new_page: NewPage) -> Page:
    over = game_over_dialog(new_page)
    game_id = over.url.split("game=")[1].split("&")[0]
    over.goto(f"/replay/{game_id}")
    over.wait_for_selector("#replay .board")
    return over


def guided_game(new_page: NewPage) -> Page:
    page = new_page()
    sign_in(page, "Ada")
    page.get_by_role("button", name="Learn to play: a guided first game").click()
    page.wait_for_selector("[data-coach]:not([hidden])")
    return page


SCREENS: dict[str, Open] = {
    "start": start_page,
    "sign in and sign up": signed_out,
    "deck builder": url("/?decks", ".pool-list li"),
    "campaign clubs": campaign_clubs,
    "collection": collection,
    "game as a player": game_as_player,
    "game as a spectator": game_as_spectator,
    "game over": game_over_dialog,
    "how to play": url("/?help", "main h1"),
    "ladder": url("/?ladder", "main h1"),
    "replay": replay_page,
    "guided first game": guided_game,
}


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical violations, one readable line per element."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
        f"{node.get('failureSummary', '').splitlines()[-1:]}"
        for v in violations
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def test_the_check_sees_a_violation(new_page: NewPage) -> None:
    """A nameless button and grey-on-grey text: the check must catch both."""
    page = new_page()
    page.goto("/")
    page.evaluate(
        """() => {
          const b = document.createElement("button");
          document.getElementById("main").append(b);
          const p = document.createElement("p");
          p.textContent = "faint text";
          p.style.color = "#bbb";
          p.style.background = "#ccc";
          document.getElementById("main").append(p);
        }"""
    )
    found = {line.split(" ")[0] for line in blocking(AXE.run(page).response["violations"])}
    assert {"button-name", "color-contrast"} <= found


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_screen_has_no_serious_accessibility_violation(
    new_page: NewPage, shot: Shot, screen: str
) -> None:
    page = SCREENS[screen](new_page)
    page.wait_for_timeout(250)  # let the last redraw and any transition settle
    problems = blocking(AXE.run(page).response["violations"])
    shot(page, f"a11y-{screen.replace(' ', '-')}.png", full_page=True)
    assert not problems, "\n".join(problems)
