"""The page shows an attack's damage as the server labels it from the card's data: on the
card face (deck builder and game) and in the attack's move ("Attack: One-Two (30×)")."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage
from tests.web.play import sign_in

KNUCKLET, ASHHOUND = "m1-063", "m1-007"


def _open_card(page: Page, name: str, card_id: str) -> list[str]:
    """Open ``name``'s card from the deck builder's pool; the damage of each attack."""
    page.fill("#f-text", name)
    page.locator(f".pool-row[data-card-id='{card_id}'] .pool-card").click()
    face = page.locator("dialog[open] article.card")
    expect(face).to_be_visible()
    expect(face.locator(".attack-name").first).to_be_visible()
    return face.locator(".attack-dmg").all_text_contents()


def test_the_card_face_shows_the_damage_label_of_each_attack(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Kit")
    page.get_by_role("button", name="Build or edit a deck").click()
    expect(page.get_by_role("heading", name="Deck builder")).to_be_visible()
    assert _open_card(page, "Knucklet", KNUCKLET) == ["20", "30×"]
    page.keyboard.press("Escape")
    assert _open_card(page, "Ashhound", ASHHOUND) == ["10", "20+"]


def test_the_attack_move_names_the_damage_label(new_page: NewPage) -> None:
    """``describe`` (the words of every move button) for Knucklet's attacks."""
    page = new_page()
    sign_in(page, "Kit")
    described = page.evaluate(
        """async (id) => {
          const { context, describe } = await import("/js/actions.js");
          const cards = await (await fetch("/api/cards")).json();
          const pool = new Map(cards.map((c) => [c.id, c]));
          const side = (pid, active) => ({ player_id: pid, active, bench: [], hand: [],
            discard: [], energy_zone: [], energy_discard: [] });
          const knucklet = { uid: "x1", card_id: id, name: "Knucklet", energy: [], below: [] };
          const view = { viewer: "me", players: [side("me", knucklet), side("them", null)] };
          const ctx = context(view, pool);
          return [0, 1].map((i) => describe({ type: "attack", attack_index: i }, ctx));
        }""",
        KNUCKLET,
    )
    assert described == ["Attack: Jab (20)", "Attack: One-Two (30×)"]
