"""A rematch between two people, in two browsers: one offers from the result dialog, the
other is told and accepts, and both pages go to the new game (seats swapped); in that one,
an offer declined is reported to the one who made it, and in another game, an offer whose
receiver left the result screen. The result dialog links the replay.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in

OVER = "dialog[data-slot=over][open]"


def resign(page: Page) -> None:
    page.get_by_role("button", name="Resign").click()
    page.locator("dialog[data-slot=confirm]").get_by_role("button", name="Resign").click()


def game_id(page: Page) -> str:
    return page.locator("#game").get_attribute("data-game-id") or ""


def invite(ana: Page, bo: Page) -> str:
    """Ana creates a private game and Bo joins it: both at its setup. Its id."""
    ana.click("[data-create-invite]")
    link = ana.locator("#invite-link")
    expect(link).to_have_value(re.compile(r"/\?join=g-[0-9a-f]+$"))
    made = link.input_value().rsplit("=", 1)[1]
    bo.goto(link.input_value())
    if bo.locator("#name").count():
        bo.fill("#name", "Bo")
        bo.click("button[type=submit]")
    bo.click(f"[data-join-game='{made}']")
    for page in (ana, bo):
        expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    return made


def test_two_people_offer_accept_decline_and_leave(new_page: NewPage, shot: Shot) -> None:
    ana, bo = new_page(), new_page()
    sign_in(ana, "Ana")
    first = invite(ana, bo)

    resign(bo)
    for page in (ana, bo):
        expect(page.locator(OVER)).to_be_visible()
    replay = ana.locator(f"{OVER} [data-replay-link]")
    ana_id = ana.evaluate("window.mantimon.view().viewer")
    expect(replay).to_have_attribute("href", f"/replay/{first}?as={ana_id}")

    # Ana offers; Bo's dialog says so within a poll and he accepts: both go to the new game.
    ana.locator(f"{OVER} [data-rematch=offer]").click()
    expect(ana.locator(f"{OVER} .rematch-text")).to_have_text("Rematch offered: waiting for Bo…")
    expect(bo.locator(f"{OVER} .rematch-text")).to_have_text("Ana offers a rematch.")
    # Resigned in the setup: the status line says so, not "Turn 0".
    expect(bo.locator(".status-bar .turn")).to_have_text("Setup")
    shot(bo, "rematch-offered.png")
    bo.locator(f"{OVER} [data-rematch-accept]").click()
    for page in (ana, bo):
        expect(page).not_to_have_url(re.compile(f"game={first}"))
        expect(page).to_have_url(re.compile(r"\?game=g-"))
        expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    second = game_id(ana)
    assert second == game_id(bo) and second != first
    players = ana.request.get(f"/api/games/{second}").json()["players"]
    assert [p["name"] for p in players] == ["Bo", "Ana"]  # the seats swapped

    # In the rematch Ana resigns and offers again; Bo declines and Ana is told.
    resign(ana)
    for page in (ana, bo):
        expect(page.locator(OVER)).to_be_visible()
    ana.locator(f"{OVER} [data-rematch=offer]").click()
    bo.locator(f"{OVER} [data-rematch-decline]").click()
    expect(bo.locator(f"{OVER} .rematch-text")).to_have_text("You declined the rematch.")
    expect(ana.locator(f"{OVER} .rematch-text")).to_have_text("Bo declined the rematch.")
    expect(ana.locator(f"{OVER} [data-rematch]")).to_have_count(0)
    assert game_id(ana) == second and game_id(bo) == second

    # Another game: Ana offers, Bo leaves the result for the start page; Ana is told.
    bo.locator(f"{OVER} [data-leave]").click()
    ana.locator(f"{OVER} [data-leave]").click()
    expect(ana.locator("[data-create-invite]")).to_be_visible()
    third = invite(ana, bo)
    resign(bo)
    ana.locator(f"{OVER} [data-rematch=offer]").click()
    expect(bo.locator(f"{OVER} .rematch-text")).to_have_text("Ana offers a rematch.")
    bo.locator(f"{OVER} [data-leave]").click()
    expect(ana.locator(f"{OVER} .rematch-text")).to_have_text("Bo has left: no rematch.")
    assert game_id(ana) == third
