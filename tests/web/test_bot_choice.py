"""Starting a bot game: the player picks the bot's deck and level; the game has no turn
clock unless the player ticks the box (the timed case is tests/web/test_timer.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import NewPage
from tests.web.play import READY, sign_in, step

DECKS = Path(__file__).resolve().parents[2] / "src" / "mantimon" / "cards" / "decks"


def starter_ids(name: str) -> set[str]:
    return set(json.loads((DECKS / f"{name}.json").read_text())["cards"])


def test_a_bot_game_with_a_chosen_deck_and_level_and_no_clock(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Bea")
    page.select_option("#deck", "starter:ember-rush")
    expect(page.locator("#bot-deck option:checked")).to_have_text("The same deck as yours")
    expect(page.locator("#bot-timed")).not_to_be_checked()  # untimed by default
    page.select_option("#bot-deck", "starter:tidal-mind")
    page.click("[data-bot=easy]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    game = page.locator("#game")
    expect(game).to_have_attribute("data-phase", "setup")
    expect(page.locator(".side-them .side-title")).to_contain_text("EasyBot")
    game_id = page.url.rsplit("=", 1)[1]
    info = page.request.get(f"/api/games/{game_id}").json()
    assert (info["turn_seconds"], info["clocks"]) == (None, {})

    # Set up (the bot's creatures are revealed once both are done), then look at its side.
    while page.locator("#game[data-phase=setup]").count():
        page.wait_for_selector(f"{READY}, #game:not([data-phase=setup])")
        if page.locator(READY).count() and page.locator("#game[data-phase=setup]").count():
            step(page)
    bot_side = page.locator(".side-them [data-face-id]")
    expect(bot_side.first).to_be_visible()
    shown = set(bot_side.evaluate_all("els => els.map((e) => e.dataset.faceId)"))
    tidal, ember = starter_ids("tidal-mind"), starter_ids("ember-rush")
    assert shown <= tidal, shown
    assert shown - ember, shown  # a card only the chosen deck has, not a mirror of Bea's
    expect(page.locator("[data-timer][role=timer]")).to_have_count(0)
    # Remembered for next time.
    page.goto("/")
    expect(page.locator("#bot-deck")).to_have_value("starter:tidal-mind")
