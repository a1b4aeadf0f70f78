"""The deck builder: filter the pool, build a deck and an energy deck with live validation,
save it, and play a game with it (a deck full of searches, so a choice dialog comes up)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import PENDING, sign_in, step, wait_turn

# 40 colorless cards, half of them searches or look-at-the-top abilities.
DECK = [
    ("Puffpaw", "m1-050", 4),
    ("Fluffkin", "m1-052", 4),
    ("Cloudmane", "m1-053", 3),
    ("Gustbill", "m1-051", 4),
    ("Galewing", "m1-055", 2),
    ("Trundlepup", "m1-057", 3),
    ("Scout Map", "m1-103", 4),
    ("Nest Basket", "m1-104", 4),
    ("Pathfinder Oda", "m1-113", 4),
    ("Breeder Tamsin", "m1-125", 4),
    ("Growth Charm", "m1-117", 4),
]


def add(page: Page, search: str, card_id: str, count: int) -> None:
    page.fill("#f-text", search)
    row = page.locator(f".pool-row[data-card-id='{card_id}']")
    for _ in range(count):
        row.locator("[data-add]").click()
    expect(row.locator("[data-count]")).to_have_text(str(count))


def test_a_saved_deck_is_used_in_a_game(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    sign_in(page, "Dee")
    page.get_by_role("button", name="Build or edit a deck").click()
    expect(page.get_by_role("heading", name="Deck builder")).to_be_visible()
    page.fill("#deck-name", "Search Party")

    # Filters narrow the pool.
    page.select_option("#f-type", "colorless")
    page.select_option("#f-stage", "stage1")
    names = page.locator(".pool-row").evaluate_all("rows => rows.map(r => r.dataset.name)")
    assert "Cloudmane" in names and "Puffpaw" not in names
    page.select_option("#f-type", "")
    page.select_option("#f-stage", "")
    page.select_option("#f-rarity", "ex")
    rarities = page.locator(".pool-row").count()
    assert 0 < rarities < 30
    page.select_option("#f-rarity", "")

    add(page, *DECK[0])
    expect(page.locator(".problems")).to_have_attribute("data-valid", "false")
    for entry in DECK[1:]:
        add(page, *entry)
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "40")
    expect(page.locator(".problems")).to_have_attribute("data-valid", "false")  # no energy yet
    page.fill("#f-text", "")
    page.select_option("#f-kind", "energy")
    add(page, "Fire Energy", "energy-fire", 20)
    expect(page.locator(".deck-counts")).to_have_attribute("data-energy", "20")
    expect(page.locator(".problems")).to_have_attribute("data-valid", "true")
    page.click("[data-save-deck]")
    expect(page.locator(".problems[data-saved]")).to_have_count(1)

    page.get_by_role("button", name="Back to start").click()
    selected = page.locator("#deck option:checked")
    expect(selected).to_have_text("Search Party")
    page.click("[data-bot=random]")
    expect(page.locator("#game")).to_have_attribute("data-phase", "setup")

    allowed = {name for name, _, _ in DECK}
    state = {"tries": 0}
    choice_seen = False
    while wait_turn(page) and not choice_seen:
        # the hand only: an open choice dialog shows its options as cards too ("Draw 0", ...)
        hand = page.locator(".hand-cards .hand-card").evaluate_all(
            "cards => cards.map(c => c.dataset.name)"
        )
        assert set(hand) <= allowed, f"a card from outside the saved deck: {set(hand) - allowed}"
        if page.locator(PENDING).count():
            choice_seen = True
            shot(page, "choice.png")
            break
        step(page, state)
        assert int(page.locator("#game").get_attribute("data-turn") or 0) <= 12
    assert choice_seen, "a deck of searches should raise a choice within a few turns"
    expect(page.locator(PENDING).locator(".prompt")).not_to_be_empty()
