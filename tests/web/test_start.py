"""The start page's other ways in: quick match pairs two browsers, and a bad link gets a
readable error instead of a broken page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from mantimon.bots import BOTS, LEVELS, describe
from tests.web.conftest import NewPage
from tests.web.play import sign_in


def test_quick_match_pairs_two_browsers(new_page: NewPage) -> None:
    ana, bo = new_page(), new_page()
    sign_in(ana, "Ana")
    sign_in(bo, "Bo")
    ana.get_by_role("button", name="Find an opponent").click()
    expect(ana.get_by_text("Looking for an opponent")).to_be_visible()
    bo.get_by_role("button", name="Find an opponent").click()
    for page, other in ((ana, "Bo"), (bo, "Ana")):
        expect(page).to_have_url(re.compile(r"\?game=g-"))
        expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
        expect(page.locator(".side-them .side-title")).to_contain_text(other)
    assert ana.url == bo.url


def test_a_bad_game_link_shows_what_went_wrong(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Ana")
    page.goto("/?game=g-000000000000")
    toast = page.locator(".toast[data-kind=error]")
    expect(toast).to_contain_text("That game does not exist")
    expect(toast).to_contain_text("game_not_found")
    expect(page.get_by_role("heading", name="Mantimon TCG")).to_be_visible()  # back at start
    page.goto("/?join=g-000000000000")
    expect(page.locator(".join-panel")).to_contain_text("does not exist")


def test_the_start_page_cancels_ones_own_open_invitation(new_page: NewPage) -> None:
    ana = new_page()
    sign_in(ana, "Ana")
    ana.click("[data-create-invite]")
    link_field = ana.locator("#invite-link")
    expect(link_field).to_have_value(re.compile(r"/\?join=g-[0-9a-f]+$"))
    link = link_field.input_value()
    game_id = link.rsplit("=", 1)[1]
    ana.goto("/")
    cancel = ana.locator(f"[data-cancel-game='{game_id}']")
    expect(cancel).to_have_text("Cancel invitation")
    cancel.click()
    expect(ana.locator(".toast")).to_contain_text("Invitation cancelled")
    expect(ana.locator("[data-cancel-game]")).to_have_count(0)
    expect(ana.locator("[data-resume]")).to_have_count(0)  # it was the stored game too
    game = ana.request.get(f"/api/games/{game_id}").json()
    assert (game["status"], game["end_reason"]) == ("finished", "cancelled")
    bo = new_page()
    sign_in(bo, "Bo", link)
    expect(bo.locator(".join-panel")).to_contain_text("This invitation was cancelled.")
    expect(bo.locator("[data-join-game]")).to_have_count(0)


def test_the_levels_are_offered_easiest_first_with_plain_descriptions(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Ana")
    offered = page.locator("[data-bot]").evaluate_all("(bs) => bs.map((b) => b.dataset.bot)")
    levels = [b for b in offered if b in LEVELS]
    assert levels == [b for b in LEVELS if b in BOTS]  # every registered level, in order
    assert offered[: len(levels)] == levels  # before the other bots
    for level in levels:
        item = page.locator(f"li:has([data-bot={level}])")
        expect(item).to_contain_text(describe(level))
    page.click("[data-bot=normal]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    expect(page.locator(".side-them .side-title")).to_contain_text("NormalBot")
