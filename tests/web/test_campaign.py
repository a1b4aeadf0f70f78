"""A new player's campaign in the browser: begin with a starter, challenge a club member,
win the game through the page, open the earned pack card by card and find its cards in the
collection. The test seam: every duelist is played by the ``random`` bot (the server
setting ``campaign_bot``), so the page's scripted player wins; the game is played, never
skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mantimon.campaign.world import bundled_world
from tests.server.harness import ServerThread
from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in, step, wait_turn


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(
        Path(tmp_path_factory.mktemp("campaign")),
        bot_think_seconds=0.02,
        campaign_bot="random",
        game_seed=5,
    ).start()
    yield srv
    srv.stop()


def test_a_new_player_beats_a_member_opens_the_pack_and_sees_its_cards(
    new_page: NewPage, shot: Shot
) -> None:
    member = bundled_world().clubs[0].members[0]
    page = new_page()
    sign_in(page, "Cleo")
    page.click("[data-campaign]")
    page.select_option("#campaign-starter", "ember-rush")
    page.click("[data-begin]")
    row = page.locator(f"[data-duelist={member.id}]")
    expect(row).to_have_attribute("data-status", "open")
    shot(page, "campaign.png", full_page=True)

    row.get_by_role("button", name="Challenge").click()
    intro = page.locator("dialog[data-slot=duelist][open]")
    expect(intro).to_contain_text(member.greeting)
    intro.locator("[data-accept]").click()
    expect(page.locator(".side-them .side-title")).to_contain_text(member.name)
    state = {"tries": 0}
    moves = 0
    while wait_turn(page):
        step(page, state)
        moves += 1
        assert moves < 600, "the game should have ended by now"
    over = page.locator("dialog[data-slot=over][open]")
    expect(over).to_contain_text("won")
    expect(over.locator(".over-rewards")).to_have_attribute("data-packs", "2")
    expect(over).to_contain_text(member.defeat)
    assert over.locator("[data-rematch]").count() == 0  # rematches go through the campaign
    shot(page, "campaign-win.png")
    over.get_by_role("button", name="Back to the campaign").click()

    expect(page.locator(f"[data-duelist={member.id}]")).to_have_attribute("data-status", "beaten")
    expect(page.locator("[data-packs]")).to_have_attribute("data-packs", "2")
    page.click("[data-open-pack]")
    slots = page.locator(".pack-slot")
    expect(slots).to_have_count(10)
    slots.nth(0).locator("button").click()
    expect(slots.nth(0)).to_have_attribute("data-revealed", "true")
    page.emulate_media(reduced_motion="reduce")  # no flip animation: the shot sees the cards
    page.click("[data-reveal-all]")
    expect(page.locator(".pack-slot[data-revealed]")).to_have_count(10)
    shot(page, "pack-opening.png", full_page=True)
    card = slots.nth(9).get_attribute("data-card")  # the rare slot's card

    page.get_by_role("button", name="Collection").click()
    entry = page.locator(f".collection-card[data-card='{card}']")
    expect(entry).to_be_visible()
    assert int(entry.get_attribute("data-count") or 0) >= 1
    shot(page, "collection.png", full_page=True)

    # The deck builder shows what the collection holds, and says when a deck goes beyond it.
    page.goto("/?decks")
    expect(page.locator("#f-owned")).to_be_visible()
    page.select_option("#deck-template", "starter:tidal-mind")  # a deck of cards not owned
    expect(page.locator("[data-not-owned]")).to_be_visible()
    page.select_option("#f-owned", "owned")
    rows = page.locator(".pool-row")
    expect(rows.first).to_be_visible()
    owned = rows.locator("[data-owned]").evaluate_all("e => e.map(x => x.dataset.owned)")
    assert owned and all(int(o) > 0 for o in owned)

    # The pack's card in a deck of owned cards, and that deck in a campaign game.
    page.select_option("#f-owned", "")
    page.select_option("#deck-template", "starter:ember-rush")
    page.fill("#deck-name", "Pack Pick")
    page.locator("[data-deck-card='m1-050'] button[aria-label^=Remove]").click()  # a Puffpaw
    page.locator(f".pool-row[data-card-id='{card}'] [data-add]").click()
    expect(page.locator(f"[data-deck-card='{card}']")).to_be_visible()
    expect(page.locator(".problems")).to_have_attribute("data-valid", "true")
    expect(page.locator("[data-not-owned]")).to_have_count(0)
    page.click("[data-save-deck]")
    expect(page.locator(".problems[data-saved]")).to_have_count(1)
    page.goto("/?campaign")
    page.locator(f"[data-duelist={member.id}]").get_by_role("button", name="Rematch").click()
    intro = page.locator("dialog[data-slot=duelist][open]")
    intro.locator("#campaign-deck").select_option(label="Pack Pick")
    intro.locator("[data-accept]").click()
    expect(page.locator(".side-them .side-title")).to_contain_text(member.name)
