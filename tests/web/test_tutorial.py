"""The guided first game: started from the start page, its hints follow the game's state
(js/tutorial.js decides them, js/coach.js shows them), and "Skip the tutorial" ends them.

The pure hint logic is tested by importing js/tutorial.js into the page and giving it
hand-built views; the whole flow by playing the first turns the way the hints say.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import OVER, PENDING, READY, answer_pending, event_id, sign_in

COACH = "[data-coach]:not([hidden])"


def _hint(page: Page) -> tuple[str, dict[str, Any] | None]:
    box = page.locator(COACH)
    expect(box).to_be_visible()
    action = box.get_attribute("data-action") or ""
    return box.get_attribute("data-hint") or "", json.loads(action) if action else None


def _do(page: Page, action: dict[str, Any]) -> None:
    """Make the move the hint suggests, through the page's list of every move."""
    details = page.locator("details.all-moves")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    before = event_id(page)
    page.locator(
        f"details.all-moves button.move[data-action='{json.dumps(action, separators=(',', ':'))}']"
    ).first.click()
    page.wait_for_function(
        "(ev) => Number(document.querySelector('#game').dataset.eventId) !== ev", arg=before
    )


def _start(page: Page) -> None:
    sign_in(page, "Newbie")
    page.get_by_role("button", name="Learn to play: a guided first game").click()
    expect(page).to_have_url(re.compile(r"\?game=g-[^&]+&tutorial"))
    expect(page.locator(".side-them .side-title")).to_contain_text("EasyBot")
    expect(page.locator("[role=timer]")).to_have_count(0)  # untimed: nobody is hurried


def test_the_hints_follow_the_first_turns(new_page: NewPage, shot: Shot) -> None:
    page = new_page()
    _start(page)
    page.wait_for_selector(READY)
    hint, action = _hint(page)
    assert hint == "setup-active" and action and action["type"] == "setup_place"
    # The callout points at the hand card it names, and reads the hint out politely.
    target = page.locator(".hand .coach-target")
    expect(target).to_have_count(1)
    assert target.get_attribute("data-uid") == action["card_id"]
    text = page.locator(f"{COACH} .coach-text").inner_text()
    expect(page.locator("[data-coach-live]")).to_have_text(f"Tutorial: {text}")

    seen: list[str] = []
    shot_taken = False
    for _ in range(40):
        page.wait_for_selector(f"{READY}, {OVER}")
        if (
            page.locator(OVER).count()
            or int(page.locator("#game").get_attribute("data-turn") or 0) > 3
        ):
            break
        hint, action = _hint(page)
        if not seen or seen[-1] != hint:
            seen.append(hint)
        if page.locator(PENDING).count():  # a choice: the dialog answers it (the hint says so)
            assert hint in ("choose", "promote"), hint
            before = event_id(page)
            answer_pending(page)
            page.wait_for_function(
                "(ev) => Number(document.querySelector('#game').dataset.eventId) !== ev",
                arg=before,
            )
            continue
        if hint == "energy" and not shot_taken:
            expect(page.locator(".fx-banner, .fx-coin")).to_have_count(0)  # let them pass
            shot(page, "tutorial.png")
            shot_taken = True
            # It points at the energy in the zone and at the creature to take it.
            assert action is not None
            marked = page.locator(".coach-target").evaluate_all(
                "els => els.map(e => e.dataset.uid)"
            )
            assert marked == [action["card_id"], action["target_id"]]
        if action is None:
            page.locator(COACH).get_by_role("button", name="Got it").click()
        else:
            _do(page, action)
    order = [h for h in seen if h in ("setup-active", "energy", "attack", "end-turn")]
    assert order[0] == "setup-active", seen
    assert "energy" in order, seen
    later = order[order.index("energy") + 1 :]
    assert "attack" in later or "end-turn" in later, seen
    assert shot_taken


def test_got_it_moves_on_and_skip_removes_the_callouts(new_page: NewPage) -> None:
    page = new_page()
    _start(page)
    page.wait_for_selector(READY)
    hint, place = _hint(page)
    assert hint == "setup-active" and place is not None
    # Keyboard: the callout is in the tab order, before the board.
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    expect(page.locator(f"{COACH} button").first).to_be_focused()
    page.keyboard.press("Enter")  # "Got it": nothing else to say until the Active is placed
    expect(page.locator("aside[data-coach]")).to_be_hidden()
    expect(page.locator(".coach-target")).to_have_count(0)
    _do(page, place)
    assert _hint(page)[0] == "setup-bench"
    expect(page.locator(".coach-target")).to_have_count(1)
    # Leaving and resuming from the start page keeps the guide (and what was dismissed).
    page.get_by_role("button", name="Leave (keep seat)").click()
    page.get_by_role("button", name="Your game vs EasyBot").click()
    page.wait_for_selector(READY)
    assert _hint(page)[0] == "setup-bench"

    page.locator(COACH).get_by_role("button", name="Skip the tutorial").click()
    expect(page.locator("[data-coach]")).to_have_count(0)
    expect(page.locator(".coach-target")).to_have_count(0)
    assert "tutorial" not in page.url
    page.reload()
    page.wait_for_selector(READY)
    expect(page.locator("[data-coach]")).to_have_count(0)
    # The game goes on as ever without it.
    expect(page.locator(".hand .hand-card").first).to_be_visible()


HINTS = """async (cases) => {
  const { nextHint } = await import("/js/tutorial.js");
  const rules = { use_prizes: false, points_to_win: 4, prize_count: 0, energy_in_deck: false,
                  first_turn_energy: false };
  const ref = (uid, name) => ({ uid, card_id: "c-" + uid, name });
  const creature = (uid, name) => ({ ...ref(uid, name), energy: [], below: [] });
  const side = (pid, extra) => ({ player_id: pid, points: 0, prizes_count: 0, hand: null,
    energy_zone: [], active: null, bench: [], ...extra });
  const view = (extra, me = {}, them = {}) => ({ viewer: "me", rules, phase: "main", turn: 3,
    first_player: "them", current_player: "me", waiting_for: ["me"], pending: null,
    winner: null, legal_actions: [],
    players: [side("me", { hand: [ref("h1", "Cindercub"), ref("h2", "Tinder Kit")],
                           energy_zone: [ref("e1", "Fire Energy")],
                           active: creature("a1", "Emberling"), ...me }),
              side("them", { active: creature("t1", "Sproutle"), ...them })],
    ...extra });
  const views = {
    setup: view({ phase: "setup", turn: 0, legal_actions: [
      { type: "setup_place", card_id: "h1", position: "active" }, { type: "setup_done" }] },
      { active: null }),
    main: view({ legal_actions: [
      { type: "end_turn" }, { type: "attack", attack_index: 0 },
      { type: "attach_energy", card_id: "e1", target_id: "b1" },
      { type: "attach_energy", card_id: "e1", target_id: "a1" }] },
      { bench: [creature("b1", "Ashhound"), creature("b2", "Kiln")] }),
    promote: view({ pending: { kind: "promote", prompt: "Promote", options: [] },
      legal_actions: [{ type: "promote", card_id: "b1" }] }),
    theirs: view({ current_player: "them", waiting_for: ["them"] }),
    scored: view({ legal_actions: [{ type: "end_turn" }] }, { points: 1 }),
    first: view({ turn: 1, first_player: "me", legal_actions: [{ type: "end_turn" }] },
      { bench: [creature("b1", "Ashhound"), creature("b2", "Kiln")] }),
    won: view({ phase: "game_over", winner: "me", end_reason: "points", waiting_for: [] }),
    trainer: view({ legal_actions: [{ type: "end_turn" },
      { type: "play_trainer", card_id: "h2", target_id: null }] },
      { bench: [creature("b1", "Ashhound"), creature("b2", "Kiln")] }),
    spectator: view({ viewer: null }),
  };
  return cases.map(([name, dismissed]) => {
    const pool = new Map([["c-h2", { id: "c-h2", kind: "trainer", trainer: "supporter" }]]);
    const hint = nextHint(views[name], { dismissed, opponent: "EasyBot", pool });
    return hint && { id: hint.id, key: hint.key, text: hint.text, targets: hint.targets,
                     action: hint.action };
  });
}"""


def test_the_hint_logic_derives_each_hint_from_the_view(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    cases = [
        ["setup", []],
        ["setup", ["setup-active@0"]],
        ["main", []],
        ["main", ["energy@3"]],
        ["main", ["energy@3", "attack@3"]],
        ["promote", []],
        ["theirs", []],
        ["scored", []],
        ["scored", ["points"]],
        ["first", []],
        ["won", []],
        ["spectator", []],
        ["trainer", []],
    ]
    got = page.evaluate(HINTS, cases)
    setup, setup_next, energy, attack, end, promote, theirs, scored, after, first, won = got[:11]
    spec, trainer = got[11:]
    assert setup["id"] == "setup-active" and "Cindercub" in setup["text"]
    assert setup["targets"] == [['.hand [data-uid="h1"]', '[data-uid="h1"]']]
    assert setup_next["id"] == "setup-done"  # nothing to bench: straight to finishing setup
    # Energy goes on the Active first, wherever the legal actions list it.
    assert energy["id"] == "energy" and energy["action"]["target_id"] == "a1"
    assert energy["targets"][0][0] == '.energy-zone [data-uid="e1"]'
    assert energy["targets"][1][0] == '.side-me [data-uid="a1"]'
    assert "one energy each turn" in energy["text"]
    assert energy["key"] == "energy@3"  # "Got it" lasts for this turn only
    assert attack["id"] == "attack" and "4 points wins" in attack["text"]
    assert attack["targets"][0][0] == '[data-attack-index="0"]'
    assert end["id"] == "end-turn" and "EasyBot plays" in end["text"]
    assert promote["id"] == "promote" and promote["action"]["type"] == "promote"
    assert theirs["id"] == "opponent-turn" and "EasyBot" in theirs["text"]
    assert scored["id"] == "points" and scored["key"] == "points" and "4 points" in scored["text"]
    assert after["id"] == "end-turn"
    assert "no energy" in first["text"]
    assert won["id"] == "game-over" and won["text"].startswith("You won: you reached 4 points!")
    assert spec is None
    assert trainer["id"] == "trainer" and "only one supporter each turn" in trainer["text"]
    assert trainer["targets"][0][0] == '.hand [data-uid="h2"]'


def test_on_a_phone_the_callout_fits_the_screen(new_page: NewPage, shot: Shot) -> None:
    page = new_page(width=390, height=844)
    sign_in(page, "Pocket")
    learn = page.get_by_role("button", name="Learn to play: a guided first game")
    expect(learn).to_be_visible()
    shot(page, "tutorial-start.png")
    learn.click()
    page.wait_for_selector(READY)
    assert _hint(page)[0] == "setup-active"
    expect(page.locator(".fx-banner, .fx-coin")).to_have_count(0)
    # The hand card it names is scrolled into sight, the callout beside it.
    expect(page.locator(".hand .coach-target")).to_be_in_viewport()
    expect(page.locator(COACH)).to_be_in_viewport()
    page.mouse.move(1, 1)  # no card preview from where the pointer happens to rest
    box = page.locator(COACH).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "tutorial-phone.png")
    # With reduced motion asked for, neither the callout nor the outline moves.
    animations = "() => [...document.querySelectorAll('.coach, .coach-target')]" + (
        ".map((e) => getComputedStyle(e).animationName)"
    )
    assert "coach-pulse" in page.evaluate(animations)
    page.emulate_media(reduced_motion="reduce")
    assert set(page.evaluate(animations)) == {"none"}
