"""A finished game's replay page (``/replay/<id>``): stepped through from both players'
perspectives and a spectator's, the page never holds a card the chosen perspective could
not see at that step.

The game (a player against the greedy server bot, resigned on turn 5) is played by the
Python client, since the page under test is the replay, not the table. What the page may
hold is worked out from the finished game's public record, replayed here: at each step,
the cards hidden from the perspective by the zones they are in (``hidden_from``), and the
names of those among them the perspective never saw before that step.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from mantimon.bots import GreedyBot
from mantimon.client import Client, play
from mantimon.engine import Action, GameState, VisibleGameState
from tests.server.harness import ServerThread
from tests.server.test_replay_views import hidden_from, states
from tests.web.conftest import NewPage, Shot

SEED = 11
RESIGN_ON_TURN = 5


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(
        Path(tmp_path_factory.mktemp("web-replay")), bot_think_seconds=0.01, game_seed=SEED
    ).start()
    yield srv
    srv.stop()


class ResignsLater(GreedyBot):
    """Plays greedily, then resigns on ``RESIGN_ON_TURN``: a short, finished game."""

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        if view.turn >= RESIGN_ON_TURN:
            return next(a for a in view.legal_actions if a.type == "resign")
        return super().choose(view, rng)


def played(url: str) -> str:
    async def game() -> str:
        async with Client(url) as c:
            await c.guest("Ana")
            made = await c.create_game(opponent="bot", bot="greedy", deck="tidal-mind")
            async with c.socket() as sock:
                await play(sock, made["id"], c.user_id, ResignsLater(), random.Random(3))
            return str(made["id"])

    with ThreadPoolExecutor(1) as pool:  # the sync Playwright API owns this thread's loop
        return pool.submit(asyncio.run, game()).result()


def name_of(state: GameState, uid: str) -> str:
    return state.pool[state.card_of[uid]].name


def seen_up_to(real: list[GameState], seat: int | None) -> list[set[str]]:
    """For each step, every card instance ``seat`` could see at that step or before."""
    out: list[set[str]] = []
    for state in real:
        before = out[-1] if out else set()
        out.append(before | (set(state.card_of) - hidden_from(state, seat)))
    return out


def check_step(page: Page, real: list[GameState], step: int, seat: int | None) -> int:
    """The page at ``step`` (0-based) shows no card hidden from ``seat`` then: no id of
    one, and no name of a card it never saw up to then. Returns how many names it checked."""
    state = real[step]
    hidden = hidden_from(state, seat)
    seen = seen_up_to(real, seat)[step]
    html = page.content()
    shown = set(re.findall(r'data-uid="([^"]+)"', html))
    assert shown and shown <= set(state.card_of) - hidden, f"step {step + 1}: {shown & hidden}"
    values = set(re.findall(r'="([^"]*)"', html))  # ids are short: looked for as values
    values |= {v.removeprefix("card-") for v in values}
    assert not hidden & values, f"step {step + 1}: {hidden & values}"
    names = {name_of(state, uid) for uid in hidden} - {name_of(state, uid) for uid in seen}
    named = [n for n in names if n in html]
    assert not named, f"step {step + 1} as seat {seat}: {named} on the page"
    return len(names)


def step_through(page: Page, real: list[GameState], seat: int | None, forward: bool) -> None:
    replay = page.locator("#replay")
    order = list(range(len(real)))
    if not forward:
        order.reverse()
    checked = 0
    for i in order:
        expect(replay).to_have_attribute("data-step", str(i + 1))
        checked += check_step(page, real, i, seat)
        if i != order[-1]:
            page.keyboard.press("ArrowRight" if forward else "ArrowLeft")
    assert checked > 0, "no hidden name to look for: the check would pass vacuously"


def test_replay_from_each_perspective_holds_only_what_it_could_see(
    new_page: NewPage, shot: Shot, web: ServerThread
) -> None:
    game_id = played(web.url)
    page = new_page()
    record: dict[str, Any] = page.request.get(f"/api/games/{game_id}/replay").json()
    real = states(record)
    ana, bot = (p["user_id"] for p in record["game"]["players"])

    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"/replay/{game_id}?as={ana}")
    replay = page.locator("#replay")
    expect(replay).to_have_attribute("data-steps", str(len(real)))
    expect(replay).to_have_attribute("data-as", ana)
    expect(page.get_by_role("heading", name=re.compile("Ana's hand"))).to_be_visible()
    page.locator("body").focus()
    step_through(page, real, 0, forward=True)
    expect(page.get_by_role("button", name="Next step")).to_be_disabled()
    expect(page.locator(".banner-over")).to_contain_text("GreedyBot won")
    shot(page, "replay-player.png", full_page=True)

    # The other player's perspective, stepped back from the end (the URL keeps the step).
    page.get_by_label("Perspective").select_option(bot)
    expect(replay).to_have_attribute("data-as", bot)
    expect(page).to_have_url(re.compile(rf"as={bot}&step={len(real)}$"))
    page.locator("body").focus()
    step_through(page, real, 1, forward=False)

    # A spectator: no hand at any step; buttons and "jump to turn" move the replay.
    page.get_by_label("Perspective").select_option("spectator")
    expect(replay).to_have_attribute("data-as", "spectator")
    page.get_by_label("Jump to turn").select_option(label="Turn 3")
    expect(replay).to_have_attribute("data-turn", "3")
    middle = int(replay.get_attribute("data-step") or 0)
    check_step(page, real, middle - 1, None)
    expect(page.locator(".hand")).to_have_count(0)
    page.get_by_role("button", name="Next step").click()
    expect(replay).to_have_attribute("data-step", str(middle + 1))
    page.get_by_role("button", name="Previous step").click()
    shot(page, "replay.png", full_page=True)

    # The page downloaded one step at a time, never the game's full record.
    replays = [u for u in asked if "/replay" in u and "/api/" in u]
    assert replays and all(re.search(r"/replay/views\?as=[^&]+&step=\d+$", u) for u in replays)

    # The shareable link opens the same perspective at the same step, for anyone.
    link = page.locator("#replay-link").input_value()
    assert link.endswith(f"/replay/{game_id}?as=spectator&step={middle}")
    other = new_page(width=390, height=800)  # a phone: nothing wider than the screen
    other.goto(link)
    expect(other.locator("#replay")).to_have_attribute("data-step", str(middle))
    expect(other.locator("#replay")).to_have_attribute("data-as", "spectator")
    assert other.evaluate("window.mantimon.view().viewer") is None
    assert other.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
