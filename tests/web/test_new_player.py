"""What a new player saw go wrong on the game screen, each pinned by a test: doubled
words in the status line ("Setup Setup", "Game over Game over"), "You won!." in the
result banner, a rules list cut off, the energy zone's move count drawn over its energy,
the same move listed twice, and a card's window that stayed open while its button turned
into another move (a misclick trap).

The games are against the ``random`` bot with Ember Rush, dealt from the test server's
fixed seed, so every run sees the same boards.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, WebSocketRoute, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import OVER, READY, sign_in, step, wait_turn

CARD_DIALOG = "dialog[data-slot=card][open]"


def start_game(page: Page, deck: str = "ember-rush") -> None:
    sign_in(page, "Ana")
    page.select_option("#deck", f"starter:{deck}")
    page.click("[data-bot=random]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))


def status_words(page: Page) -> list[str]:
    bar = page.locator(".status-bar")
    return [
        bar.locator(s).inner_text().strip()
        for s in (".turn", ".phase", ".whose")
        if bar.locator(s).count()
    ]


def move_texts(page: Page) -> list[str]:
    details = page.locator("details.all-moves")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return page.locator("details.all-moves button.move").all_inner_texts()


def badge_clear_of_icon(page: Page) -> dict[str, Any] | None:
    """For the first energy-zone card with moves: does its badge overlap its icon, and do
    both stay inside the zone's chip? None when no such card is shown."""
    return page.evaluate(
        """() => {
          const card = document.querySelector(".side-me .energy-zone .energy-card.has-moves");
          if (!card) return null;
          const box = (el) => el.getBoundingClientRect();
          const b = box(card.querySelector(".moves-badge"));
          const i = box(card.querySelector("svg"));
          const z = box(card.closest(".zone"));
          const overlap = b.left < i.right - 0.5 && i.left < b.right - 0.5
            && b.top < i.bottom - 0.5 && i.top < b.bottom - 0.5;
          const inside = b.left >= z.left && b.right <= z.right
            && b.top >= z.top && b.bottom <= z.bottom;
          return { overlap, inside };
        }"""
    )


def test_a_game_shows_each_word_and_each_move_once(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    start_game(page)
    wait_turn(page)
    assert status_words(page)[0] == "Setup"
    assert "Setup" not in status_words(page)[1:]  # was "Setup Setup"
    shot(page, "setup-status.png")

    state = {"tries": 0}
    duplicates_seen: list[list[str]] = []
    badges: list[dict[str, Any]] = []
    while wait_turn(page):
        words = status_words(page)
        assert len(words) == len(set(words)), words
        texts = move_texts(page)
        if len(texts) != len(set(texts)):
            duplicates_seen.append(texts)
        badge = badge_clear_of_icon(page)
        if badge is not None:
            if not badges:
                shot(page, "energy-zone-badge.png")
            badges.append(badge)
        step(page, state)
    assert not duplicates_seen, duplicates_seen[0]
    assert badges, "no energy-zone card with moves was shown: the badge check saw nothing"
    assert all(b == {"overlap": False, "inside": True} for b in badges), badges

    page.locator("dialog[data-slot=over][open]").get_by_role(
        "button", name="Look at the board"
    ).click()
    words = status_words(page)
    assert words.count("Game over") == 1, words  # was "Game over Game over"
    banner = page.locator(".banner-over strong").inner_text()
    assert not re.search(r"[!?.]\.", banner), banner  # was "You won!."
    assert banner.rstrip().endswith((".", "!"))
    page.locator(".status-bar").scroll_into_view_if_needed()
    shot(page, "over-status.png")


def test_the_rules_list_shows_whole_labels(new_page: NewPage, shot: Shot) -> None:
    for width in (1280, 390):
        page = new_page(width=width)
        sign_in(page, "Ana")
        fits = page.evaluate(
            """() => {
              const select = document.getElementById("preset");
              const style = getComputedStyle(select);
              const ctx = document.createElement("canvas").getContext("2d");
              ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
              // the text box: the select less its padding, border and the arrow (~24px)
              const room = select.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight) - 24;
              const fits = (o) => ctx.measureText(o.text).width <= room;
              return [...select.options].map((o) => [o.text, fits(o)]);
            }"""
        )
        assert fits and all(ok for _, ok in fits), (width, fits)
        shot(page, f"rules-{width}.png")


def _relay(page: Page) -> dict[str, Any]:
    """Pass the game socket through the test, keeping the last ``game_state`` it carried:
    the test can then deliver a changed view exactly when it wants."""
    seen: dict[str, Any] = {}

    def handler(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        seen["page"] = ws

        def from_server(message: str | bytes) -> None:
            data = json.loads(message)
            if data.get("type") == "game_state":
                seen["state"] = data
            ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    page.route_web_socket(re.compile(r"/ws\b"), handler)
    return seen


def test_a_card_window_closes_when_its_moves_change(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    relay = _relay(page)
    start_game(page)
    wait_turn(page)
    card = page.locator(".hand-card.has-moves").first
    uid = card.get_attribute("data-uid")
    card.click()
    dialog = page.locator(CARD_DIALOG)
    expect(dialog.locator("button.move").first).to_contain_text("as your Active")

    # The same view again (another message, same legal actions): the window stays.
    relay["page"].send(json.dumps(relay["state"]))
    page.wait_for_timeout(200)
    expect(dialog).to_be_visible()

    # A view whose legal actions changed (here: this card can no longer be placed): the
    # window closes instead of offering a button that now means something else.
    changed = json.loads(json.dumps(relay["state"]))
    legal = changed["state"]["legal_actions"]
    changed["state"]["legal_actions"] = [a for a in legal if a.get("card_id") != uid]
    assert len(changed["state"]["legal_actions"]) < len(legal)
    relay["page"].send(json.dumps(changed))
    expect(page.locator(CARD_DIALOG)).to_have_count(0)
    expect(page.locator(f".hand-card[data-uid='{uid}']")).to_be_focused()
    shot(page, "card-window-closed.png")
    assert page.locator(READY).count() == 1 and page.locator(OVER).count() == 0
