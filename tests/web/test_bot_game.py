"""A whole game against a server bot in the browser, every move chosen through the page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import OVER, sign_in, step, wait_turn


def test_a_full_game_against_a_bot_reaches_the_game_over_screen(
    new_page: NewPage, shot: Shot
) -> None:
    page = new_page()
    sign_in(page, "Ana")
    expect(page.get_by_role("heading", name="Mantimon TCG")).to_be_visible()
    shot(page, "start.png")
    page.click("[data-bot=random]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    expect(page.locator(".side-them .side-title")).to_contain_text("RandomBot")

    state = {"tries": 0}
    moves: list[str] = []
    board_shot = False
    while wait_turn(page):
        if not board_shot and int(page.locator("#game").get_attribute("data-turn") or 0) >= 4:
            shot(page, "board.png", full_page=True)
            board_shot = True
        moves.append(step(page, state))
        assert len(moves) < 600, "the game should have ended by now"

    dialog = page.locator("dialog[data-slot=over][open]")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".over-reason")).not_to_be_empty()
    assert dialog.locator(".over-reason").get_attribute("data-reason") in {
        "points",
        "no_creatures",
        "deck_out",
        "turn_limit",
    }
    expect(page.locator(".log-list li").first).to_be_visible()
    expect(page.locator("[data-attack-bar]")).to_have_count(0)  # nothing left to attack with
    shot(page, "game-over.png")
    assert "attack" in moves and "setup_done" in moves

    # Behind the result: the final board, whose discard piles open for inspection.
    dialog.get_by_role("button", name="Look at the board").click()
    page.locator(".side-me .zone-btn").click()
    pile = page.locator("dialog[data-slot=card][open]")
    expect(pile.get_by_role("heading", name=re.compile("Your discard pile"))).to_be_visible()
    assert pile.locator(".card-list li").count() > 0
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Show result").click()

    # Rematch: a new game against the same bot starts at once.
    first_game = page.url
    dialog.locator("[data-rematch]").click()
    expect(page).not_to_have_url(first_game)
    expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    assert page.locator(OVER).count() == 0
