"""The game screen's feel: playing by drag or tap-then-target, attack buttons on the Active,
and the feedback drawn from the events (damage numbers, knockouts, coin, turn banner).

Every move here is made without the card dialog: dragging a card onto a lit target,
tapping a card then a target, the attack buttons, and the moves panel's "Finish setup" /
"End your turn" buttons. An init script counts the overlay's elements as they appear
(they live a second or two), so a test asserts what was shown, not what is left.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.web.conftest import NewPage, Shot
from tests.web.play import OVER, PENDING, READY, answer_pending, sign_in, wait_turn

# Counts every overlay element and card dialog that ever appears on the page.
COUNT_FX = """
window.__fx = {damage: 0, knockout: 0, coin: 0, banner: 0, cardDialog: 0, lastMove: 0,
  shown: [], said: []};
new MutationObserver((records) => {
  for (const r of records) {
    const live = r.target instanceof Element && r.target.matches('[data-feel-live]');
    if (live) window.__fx.said.push(r.target.textContent);
    const outlined = r.type === 'attributes' && r.target.classList.contains('fx-last-move');
    if (outlined && r.target.closest('.side-them')) window.__fx.lastMove++;
  }
  for (const r of records) for (const n of r.addedNodes) {
    if (!(n instanceof Element)) continue;
    if (n.closest('[data-fx-layer]')) {
      const disc = n.querySelector('.fx-coin-disc');
      window.__fx.shown.push({cls: n.className, text: n.textContent,
        animation: getComputedStyle(disc || n).animationName});
    }
    if (n.matches('.fx-damage')) window.__fx.damage++;
    if (n.matches('.fx-knockout')) window.__fx.knockout++;
    if (n.matches('.fx-coin')) window.__fx.coin++;
    if (n.matches('.fx-banner')) window.__fx.banner++;
    if (n.matches('dialog[data-slot=card]')) window.__fx.cardDialog++;
  }
}).observe(document, {childList: true, subtree: true, attributeFilter: ['class']});
"""


def start_game(page: Page, name: str, bot: str = "easy") -> None:
    page.add_init_script(COUNT_FX)
    sign_in(page, name)
    page.click(f"[data-bot={bot}]")
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    page.wait_for_selector(f"{READY}, {OVER}")


def fx_counts(page: Page) -> dict[str, Any]:
    counts: dict[str, Any] = page.evaluate("window.__fx")
    return counts


def said(page: Page, text: str) -> None:
    """Wait until the feel's live region has said something containing `text` (later
    announcements, like a turn banner's, may already have replaced it)."""
    page.wait_for_function(
        "(text) => window.__fx.said.some((s) => s.includes(text))", arg=text, timeout=5000
    )


def legal(page: Page) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = page.evaluate("window.mantimon.view().legal_actions")
    return actions


def target_key(action: dict[str, Any]) -> str | None:
    """Where a legal action is played by pointing (as the page names targets)."""
    kind = action["type"]
    if kind == "setup_place":
        return f"slot:{action['position']}"
    if kind == "play_creature":
        return "slot:bench"
    if kind in ("evolve", "attach_energy", "play_trainer") and action.get("target_id"):
        return f"uid:{action['target_id']}"
    return None


def lit_exactly_the_legal_targets(page: Page, source: str) -> None:
    """The lit targets are the ones the legal actions of the selected card name, no more."""
    card = page.locator(source).first.get_attribute("data-play-source") or ""
    uid = card.removeprefix("card:")
    expected = {target_key(a) for a in legal(page) if a.get("card_id") == uid} - {None}
    lit = page.locator("[data-target]").evaluate_all("(els) => els.map((e) => e.dataset.target)")
    assert expected and set(lit) == expected, (lit, expected)


def center(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None, "the element should be on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page: Page, source: str, target: str, shot: Shot | None = None) -> None:
    """Press on `source`, move (its targets light up), release over the lit `target`."""
    if shot is not None:  # a picture of the lit targets, without a banner over them
        expect(page.locator("[data-fx-layer] > *")).to_have_count(0)
    src = page.locator(source).first
    src.scroll_into_view_if_needed()
    x, y = center(src)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 15, y - 15, steps=3)
    lit = page.locator(target).first
    expect(lit).to_have_class(re.compile(r"\bfx-target\b"))
    lit_exactly_the_legal_targets(page, source)
    tx, ty = center(lit)
    page.mouse.move(tx, ty, steps=6)
    expect(lit).to_have_class(re.compile(r"\bfx-drop-over\b"))
    if shot is not None:
        shot(page, "feel-drag.png")
    page.mouse.up()


def tap(page: Page, source: str, target: str) -> None:
    """Tap a card (its targets light up), then tap the lit target."""
    page.locator(source).first.click()
    lit = page.locator(target).first
    expect(lit).to_have_class(re.compile(r"\bfx-target\b"))
    lit_exactly_the_legal_targets(page, source)
    lit.click()


def sent(page: Page, before: str) -> None:
    """Wait until the move was answered (a new event id, or the game ended)."""
    page.wait_for_function(
        "(before) => { const g = document.querySelector('#game');"
        " return g.dataset.over === 'true' || g.dataset.eventId !== before; }",
        arg=before,
    )


def event_id(page: Page) -> str:
    return page.locator("#game").get_attribute("data-event-id") or ""


def feel_step(page: Page, seen: dict[str, Any], shot: Shot | None = None) -> str:
    """One move through drag, tap-then-target or a button; returns the action type."""
    before = event_id(page)
    if page.locator(PENDING).count():
        if page.locator(f"{PENDING} button[data-action-type=promote]").count():
            # A promotion: close the dialog, tap a lit bench creature instead.
            page.keyboard.press("Escape")
            page.locator(".side-me .bench [data-target]").first.click()
            sent(page, before)
            return "promote"
        answer_pending(page)  # a card's choice (not a way of playing a card)
        sent(page, before)
        return "choose"
    actions = legal(page)
    kinds = {a["type"] for a in actions}
    me = page.evaluate(
        "(() => { const v = window.mantimon.view();"
        " return v.players.find((p) => p.player_id === v.viewer); })()"
    )
    if "setup_place" in kinds and me["active"] is None:
        place = next(a for a in actions if a["type"] == "setup_place" and a["position"] == "active")
        drag(page, f"[data-play-source='card:{place['card_id']}']", "[data-target='slot:active']")
        kind = "setup_place"
    elif "setup_done" in kinds:
        page.locator("button.move[data-action-type=setup_done]").first.click()
        kind = "setup_done"
    elif evolve := [a for a in actions if a["type"] == "evolve"]:
        a = evolve[0]
        drag(
            page,
            f"[data-play-source='card:{a['card_id']}']",
            f"[data-target='uid:{a['target_id']}']",
        )
        kind = "evolve"
    elif attach := [a for a in actions if a["type"] == "attach_energy"]:
        on_active = [a for a in attach if a["target_id"] == me["active"]["uid"]]
        a = (on_active or attach)[0]
        drag(
            page,
            f"[data-play-source='card:{a['card_id']}']",
            f"[data-target='uid:{a['target_id']}']",
            # The picture on the second attach: a bench creature is a target too by then.
            shot if seen.get("attaches") == 1 else None,
        )
        seen["attaches"] = seen.get("attaches", 0) + 1
        kind = "attach_energy"
    elif (bench := [a for a in actions if a["type"] == "play_creature"]) and len(me["bench"]) < 2:
        tap(page, f"[data-play-source='card:{bench[0]['card_id']}']", "[data-target='slot:bench']")
        kind = "play_creature"
    elif attacks := [a for a in actions if a["type"] == "attack"]:
        best = max(attacks, key=lambda a: a["attack_index"])
        page.locator(f"[data-attack-btn][data-attack-index='{best['attack_index']}']").click()
        if best.get("target_id"):
            page.locator(f"[data-target='uid:{best['target_id']}']").click()
        if shot is not None and not seen.get("damage_shot"):
            damage_picture(page, shot, seen)
        kind = "attack"
    else:
        page.locator("button.move[data-action-type=end_turn]").first.click()
        kind = "end_turn"
    sent(page, before)
    return kind


def damage_picture(page: Page, shot: Shot, seen: dict[str, Any]) -> None:
    """The picture of a damage number, once it popped up (an attack may do no damage)."""
    try:
        page.wait_for_selector(".fx-damage", state="attached", timeout=3000)
    except PlaywrightTimeoutError:
        return
    page.wait_for_timeout(250)  # for the picture only: the number's pop-in is over
    shot(page, "feel-damage.png")
    seen["damage_shot"] = 1


def test_a_whole_game_by_drag_tap_and_attack_buttons(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    start_game(page, "Dora")
    moves: list[str] = []
    seen: dict[str, Any] = {}
    while wait_turn(page):
        moves.append(feel_step(page, seen, shot))
        assert len(moves) < 400, "the game should have ended by now"
    expect(page.locator("dialog[data-slot=over][open]")).to_be_visible()
    expect(page.locator("[data-attack-bar]")).to_have_count(0)  # no attack after the end
    counts = fx_counts(page)
    assert counts["cardDialog"] == 0, "every move was made without the card dialog"
    assert {"setup_place", "setup_done", "attach_energy", "attack"} <= set(moves), moves
    assert counts["damage"] > 0 and counts["banner"] > 0 and counts["knockout"] > 0, counts
    assert seen.get("attaches", 0) >= 2 and seen.get("damage_shot")
    # The opponent's moves were outlined on their side; the first player's coin was shown.
    assert counts["lastMove"] > 0 and counts["coin"] > 0, counts
    coins = [s["text"] for s in counts["shown"] if "fx-coin" in s["cls"]]
    assert all(re.fullmatch(r"[HT]Coin: (Heads|Tails)", text) for text in coins), coins
    # With motion allowed, the numbers and the banner do move.
    moving = {s["cls"].split()[0] for s in counts["shown"] if s["animation"] != "none"}
    assert {"fx-damage", "fx-banner", "fx-knockout"} <= moving, counts["shown"]
    damage = [s["text"] for s in counts["shown"] if "fx-damage" in s["cls"]]
    assert all(re.fullmatch(r"−\d+", text) for text in damage), damage


def test_reduced_motion_shows_everything_still(new_page: NewPage) -> None:
    page = new_page()
    page.emulate_media(reduced_motion="reduce")
    start_game(page, "Rita")
    seen: dict[str, Any] = {}
    checked_targets = False
    while wait_turn(page) and not (fx_counts(page)["damage"] and fx_counts(page)["banner"]):
        energy = [a for a in legal(page) if a["type"] == "attach_energy"]
        if energy and not checked_targets:
            # A tapped card lights its targets, without pulsing; Escape puts it back.
            page.locator(f"[data-play-source='card:{energy[0]['card_id']}']").click()
            lit = page.locator(".fx-target").first
            expect(lit).to_be_visible()
            assert lit.evaluate("(el) => getComputedStyle(el).animationName") == "none"
            page.keyboard.press("Escape")
            expect(page.locator(".fx-target")).to_have_count(0)
            checked_targets = True
        feel_step(page, seen)
    counts = fx_counts(page)
    assert checked_targets and counts["damage"] and counts["banner"], counts
    kinds = {s["cls"].split()[0] for s in counts["shown"]}
    assert {"fx-damage", "fx-banner"} <= kinds, counts["shown"]
    # Nothing moves, and each still shows its information.
    assert all(s["animation"] == "none" for s in counts["shown"]), counts["shown"]
    for s in counts["shown"]:
        if "fx-damage" in s["cls"]:
            assert re.fullmatch(r"−\d+", s["text"]), s
        if "fx-banner" in s["cls"]:
            assert s["text"] == "Your turn" or s["text"].endswith("'s turn"), s


def tab_to(page: Page, selector: str, limit: int = 300) -> None:
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_attach_and_attack(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    start_game(page, "Kim")
    expect(page.locator("[data-feel-live]")).to_have_attribute("aria-live", "assertive")
    done: set[str] = set()
    seen: dict[str, Any] = {}
    while wait_turn(page) and done != {"attach", "attack"}:
        actions = legal(page)
        me = page.evaluate(
            "(() => { const v = window.mantimon.view();"
            " return v.players.find((p) => p.player_id === v.viewer); })()"
        )
        before = event_id(page)
        attach = [
            a
            for a in actions
            if a["type"] == "attach_energy" and a["target_id"] == (me["active"] or {}).get("uid")
        ]
        attacks = [a for a in actions if a["type"] == "attack" and not a.get("target_id")]
        if attach and "attach" not in done:
            source = f"[data-play-source='card:{attach[0]['card_id']}']"
            page.evaluate("window.__fx.said = []")
            # Enter selects; Escape cancels and gives the focus back to the card.
            tab_to(page, source)
            page.keyboard.press("Enter")
            expect(page.locator("[data-target]").first).to_be_focused()
            said(page, "selected")
            page.keyboard.press("Escape")
            expect(page.locator("[data-target]")).to_have_count(0)
            expect(page.locator(source)).to_be_focused()
            said(page, "Cancelled.")
            # Again: arrows move between the lit targets, Enter plays on the focused one.
            page.keyboard.press("Enter")
            target = f"[data-target='uid:{me['active']['uid']}']"
            for _ in range(page.locator("[data-target]").count()):
                if page.evaluate("(s) => !!document.activeElement?.matches(s)", target):
                    break
                page.keyboard.press("ArrowRight")
            expect(page.locator(target)).to_be_focused()
            shot(page, "feel-keyboard.png")
            page.keyboard.press("Enter")
            said(page, "Attach")
            done.add("attach")
        elif attacks:
            best = max(attacks, key=lambda a: a["attack_index"])
            page.evaluate("window.__fx.said = []")
            tab_to(page, f"[data-attack-btn][data-attack-index='{best['attack_index']}']")
            page.keyboard.press("Enter")
            said(page, "Attack")
            done.add("attack")
        elif "attach" in done and any(a["type"] == "end_turn" for a in actions):
            tab_to(page, "button.move[data-action-type=end_turn]")
            page.keyboard.press("Enter")
        else:
            feel_step(page, seen)  # setup, or a turn without a usable energy
            continue
        sent(page, before)
    assert done == {"attach", "attack"}
