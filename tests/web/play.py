"""Playing through the page as a person would: click cards, pick moves, answer dialogs.

Every move is a click on something the page offers (a card and its move in the card
dialog, or an entry of the "All moves" list); waits are on DOM state (``#game``'s data
attributes), never on fixed sleeps.
"""

from __future__ import annotations

import json
import time
from typing import Any

from playwright.sync_api import Page

READY = "#game[data-my-move=true][data-busy=false]"
OVER = "#game[data-over=true]"
PENDING = "dialog[data-slot=pending][open]"

# What the scripted player prefers, first to last (attacking ends the turn).
PREFERENCE = (
    "setup_place",
    "setup_done",
    "evolve",
    "attach_energy",
    "play_creature",
    "play_trainer",
    "use_ability",
    "attack",
    "end_turn",
)


def sign_in(page: Page, name: str, path: str = "/") -> None:
    page.goto(path)
    page.fill("#name", name)
    page.click("button[type=submit]")
    page.wait_for_selector(".start, #game")


def wait_turn(page: Page, timeout: float = 20_000) -> bool:
    """Wait until this page owes a move (True) or the game is over (False)."""
    page.wait_for_selector(f"{READY}, {OVER}", timeout=timeout)
    return page.locator(OVER).count() == 0


def event_id(page: Page) -> int:
    return int(page.locator("#game").get_attribute("data-event-id") or 0)


def answer_pending(page: Page) -> None:
    """Answer the open choice dialog: a promotion button, or pick options until legal."""
    dialog = page.locator(PENDING)
    promote = dialog.locator("button[data-action-type=promote]")
    if promote.count():
        promote.first.click()
        return
    confirm = dialog.locator("[data-choice-confirm]")
    options = dialog.locator("[data-option]")
    for i in range(options.count()):
        options.nth(i).click()
        if confirm.is_enabled():
            confirm.click()
            return
    if confirm.is_enabled():
        confirm.click()
        return
    dialog.get_by_role("button", name="Take nothing").click()


def _moves(page: Page) -> list[tuple[int, dict[str, Any]]]:
    details = page.locator("details.all-moves")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    buttons = page.locator("details.all-moves button.move")
    return [
        (i, json.loads(buttons.nth(i).get_attribute("data-action") or "{}"))
        for i in range(buttons.count())
    ]


def _score(action: dict[str, Any], bench: int, state: dict[str, int]) -> tuple[int, int]:
    kind = action["type"]
    rank = PREFERENCE.index(kind) if kind in PREFERENCE else len(PREFERENCE)
    if kind == "play_creature" and bench >= 2:
        rank = len(PREFERENCE) + 1  # a small bench is enough; keeps games short
    if kind == "setup_place" and action.get("position") == "bench":
        rank = len(PREFERENCE) + 1
    if kind in ("play_trainer", "use_ability") and state["tries"] >= 3:
        rank = len(PREFERENCE) + 1  # no endless item loops within a turn
    # Prefer the strongest attack, energy on the Active.
    tie = -action.get("attack_index", 0)
    return rank, tie


def step(page: Page, state: dict[str, int] | None = None) -> str:
    """Make one move on a page that owes one; returns the action type used."""
    state = state if state is not None else {"tries": 0}
    if page.locator(PENDING).count():
        answer_pending(page)
        return "choose"
    game = page.locator("#game")
    if game.get_attribute("data-phase") == "setup":
        # The card way: click a highlighted hand card, then its move in the card dialog.
        placed = page.locator(".side-me .active-row .creature").count()
        if not placed:
            page.locator(".hand-card.has-moves").first.click()
            page.locator("dialog[data-slot=card] button.move").first.click()
            return "setup_place"
    bench = page.locator(".side-me .bench .creature").count()
    moves = _moves(page)
    index, action = min(moves, key=lambda m: _score(m[1], bench, state))
    if action["type"] in ("play_trainer", "use_ability"):
        state["tries"] += 1
    if action["type"] in ("attack", "end_turn"):
        state["tries"] = 0
    page.locator("details.all-moves button.move").nth(index).click()
    return str(action["type"])


def play_until(pages: list[Page], done: Any, limit_seconds: float = 90) -> None:
    """Let every page move whenever it owes a move, until ``done()`` or a game over."""
    end = time.monotonic() + limit_seconds
    states = {id(p): {"tries": 0} for p in pages}
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the game did not reach the expected point in time")
        moved = False
        for page in pages:
            if page.locator(OVER).count():
                return
            if page.locator(READY).count():
                step(page, states[id(page)])
                moved = True
        if not moved:
            pages[0].wait_for_timeout(50)  # nobody owes a move yet: let the sockets deliver
