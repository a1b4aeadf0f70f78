"""Card faces in the browser: art generated from each card's data (js/art.js), the full face
(js/cardface.js) shown on hover, long press or "i" (js/preview.js), and the attacks of every
creature on the board. Only cards the view reveals offer a face: hand backs, the deck and
prizes offer nothing."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in, step, wait_turn

POP = "#card-face-pop:popover-open"
PHONE = {"width": 390, "height": 844}


def _art_facts(page: Page) -> dict[str, Any]:
    """Render the art of every card twice, in the page, with the client's own modules."""
    facts: dict[str, Any] = page.evaluate(
        """async () => {
          const { artSvg, artSpec } = await import("/js/art.js");
          const cards = await (await fetch("/api/cards")).json();
          const html = (c) => artSvg(c).outerHTML;
          const creatures = cards.filter((c) => c.kind === "creature");
          const grass = creatures.filter((c) => c.type === "grass");
          const [a, b] = grass;
          const sa = artSpec(a), sb = artSpec(b);
          return {
            same: html(a) === html(a) && html(b) === html(b),
            differ: html(a) !== html(b),
            bodyDiffers: JSON.stringify(sa.body) !== JSON.stringify(sb.body),
            paletteDiffers: sa.palette.body !== sb.palette.body,
            creatures: creatures.length,
            distinct: new Set(creatures.map(html)).size,
            distinctFeatures: new Set(creatures.map((c) => {
              const s = artSpec(c);
              return [s.layout, s.top, s.back, s.tail, s.eyes, s.mouth, s.pattern].join();
            })).size,
            trainerKinds: new Set(cards.filter((c) => c.kind === "trainer")
              .map((c) => artSpec(c).kind)).size,
            energyDiffers: html(cards.find((c) => c.id === "energy-fire"))
              !== html(cards.find((c) => c.id === "energy-water")),
            longest: Math.max(...cards.map((c) => html(c).length)),
            noIds: cards.every((c) => !artSvg(c).querySelector("[id]")),
          };
        }"""
    )
    return facts


def test_art_is_the_same_for_a_card_and_differs_between_creatures(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Iris")
    facts = _art_facts(page)
    assert facts["same"], "the same card must give the same SVG on every render"
    assert facts["differ"] and facts["bodyDiffers"] and facts["paletteDiffers"]
    # Every creature gets its own picture, and the features vary widely across the pool.
    assert facts["distinct"] == facts["creatures"]
    assert facts["distinctFeatures"] > facts["creatures"] * 0.8
    assert facts["trainerKinds"] == 4  # item, supporter, stadium, tool
    assert facts["energyDiffers"]
    assert facts["longest"] < 9000, "the art appears many times on a board: keep it small"
    assert facts["noIds"], "ids would clash when the same card shows twice"


def _to_mid_game(page: Page) -> None:
    """Play against the bot until both Actives are out on one of our turns (turn 3+)."""
    page.click("[data-bot=random]")
    state = {"tries": 0}
    while wait_turn(page):
        turn = int(page.locator("#game").get_attribute("data-turn") or 0)
        if turn >= 3 and page.locator(".side-them .active-row .creature").count():
            return
        step(page, state)
    raise AssertionError("the game ended before the middle")


def _def(page: Page, card_id: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(
        "async (id) => (await fetch(`/api/cards/${id}`)).json()", card_id
    )
    return found


def test_board_creatures_show_attacks_and_any_visible_card_shows_its_face(
    new_page: NewPage, shot: Shot
) -> None:
    page = new_page()
    sign_in(page, "Iris")
    _to_mid_game(page)

    # Every creature on the board names its attacks, as printed on its card.
    mine = page.locator(".side-me .active-row .creature")
    mine_def = _def(page, mine.get_attribute("data-face-id") or "")
    assert mine.locator(".cr-atk-name").all_text_contents() == [
        a["name"] for a in mine_def["attacks"]
    ]
    shot(page, "board-attacks.png", full_page=True)

    # Hovering the opponent's Active shows its full face: HP, attacks and their damage.
    theirs = page.locator(".side-them .active-row .creature")
    their_def = _def(page, theirs.get_attribute("data-face-id") or "")
    theirs.hover()
    face = page.locator(f"{POP} article.card")
    expect(face).to_be_visible()
    expect(face.locator(".card-name")).to_have_text(their_def["name"])
    expect(face.locator(".card-hp")).to_contain_text(str(their_def["hp"]))
    assert face.locator(".attack-dmg").all_text_contents() == [
        a["damage_label"] for a in their_def["attacks"]
    ]
    expect(face.locator(".card-art-frame svg")).to_be_visible()
    shot(page, "card-face.png")

    # Leaving the card hides it; a card in the hand shows its own.
    page.mouse.move(2, 2)
    expect(page.locator(POP)).to_have_count(0)
    card = page.locator(".hand-card").first
    card.hover()
    expect(page.locator(f"{POP} .card-name")).to_have_text(card.get_attribute("data-name") or "")
    page.mouse.move(2, 2)  # out of the way: a scroll under a resting mouse is a hover too
    expect(page.locator(POP)).to_have_count(0)

    # Keyboard: "i" on a focused card shows its face, Escape hides it.
    mine.focus()
    page.keyboard.press("i")
    expect(page.locator(f"{POP} .card-name")).to_have_text(mine_def["name"])
    page.keyboard.press("Escape")
    expect(page.locator(POP)).to_have_count(0)

    # In the open discard pile (a modal dialog) too; Escape hides the face, not the pile.
    page.locator(".side-me .zone-btn").click()
    pile = page.locator("dialog[data-slot=card][open]")
    entry = pile.locator(".card-list li button").first
    entry.hover()
    expect(page.locator(f"{POP} article.card")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(POP)).to_have_count(0)
    expect(pile).to_be_visible()


def test_hidden_cards_show_no_face(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Iris")
    _to_mid_game(page)
    hidden = page.locator(".side-them .hand-count")
    revealed = page.evaluate(
        """() => {
          const v = window.mantimon.view();
          return v.players.find((p) => p.player_id !== v.viewer).revealed.length;
        }"""
    )
    # Nothing hidden carries a card id: only cards the view revealed would.
    assert hidden.locator("[data-face-id]").count() == revealed
    assert page.locator(".backs [data-face-id], .card-back[data-face-id]").count() == 0
    page.locator(".side-them .backs").hover()
    page.wait_for_timeout(700)  # longer than the hover delay: a face would be open by now
    expect(page.locator(POP)).to_have_count(0)
    page.locator(".side-them .zone", has_text="Deck:").first.hover()
    page.wait_for_timeout(700)
    expect(page.locator(POP)).to_have_count(0)


def test_phone_long_press_shows_the_face_without_pressing_the_card(
    new_page: NewPage, shot: Shot
) -> None:
    page = new_page(**PHONE)
    sign_in(page, "Iris")
    _to_mid_game(page)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the board scrolls sideways: {widths}"
    shot(page, "board-phone.png", full_page=True)

    theirs = page.locator(".side-them .active-row .creature")
    theirs.scroll_into_view_if_needed()
    page.mouse.move(2, 2)  # the resting mouse would hover a card after the scroll
    expect(page.locator(POP)).to_have_count(0)
    touch = {"pointerType": "touch", "isPrimary": True, "bubbles": True}
    theirs.dispatch_event("pointerdown", touch)
    face = page.locator(f"{POP} article.card")
    expect(face).to_be_visible()
    box = face.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "card-face-phone.png")
    theirs.dispatch_event("pointerup", touch)
    theirs.dispatch_event("click")  # the click ending a long press only showed the face
    expect(page.locator("dialog[data-slot=card][open]")).to_have_count(0)
    # The next touch anywhere dismisses it; a short tap still opens the card's dialog.
    theirs.dispatch_event("pointerdown", touch)
    expect(page.locator(POP)).to_have_count(0)
    theirs.dispatch_event("pointerup", touch)
    theirs.click()
    expect(page.locator("dialog[data-slot=card][open]")).to_be_visible()
