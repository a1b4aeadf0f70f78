"""A finished game replayed from one perspective (``GET /api/games/{id}/replay/views``):
each step holds what that player (or a spectator) could see then, and nothing hidden.

The check does not trust the engine's visibility function: the test replays the public
record itself and, at every step, collects the card instances hidden from the perspective
by the zones they are in (hands, decks, prizes, the energy decks, a face-down setup),
then looks for each of them in that step's JSON.
"""

from __future__ import annotations

import json
import random
import re
import time
from typing import Any

import httpx
import pytest

from mantimon.bots import GreedyBot
from mantimon.cards import DeckList
from mantimon.client import ApiError, Client, play
from mantimon.engine import GameState, Phase, RulesConfig, new_game
from mantimon.session.match import replay_entry
from mantimon.storage import LoggedAction
from tests.server.conftest import Guest
from tests.server.harness import HTTP_TIMEOUT, ServerThread


def states(record: dict[str, Any]) -> list[GameState]:
    """The game's real state after the deal and after each action (one step each: these
    games have no timeouts), from its public record."""
    decks = [DeckList(cards=tuple(d["cards"]), energy=tuple(d["energy"])) for d in record["decks"]]
    players = [p["user_id"] for p in record["game"]["players"]]
    state = new_game(RulesConfig.model_validate(record["rules"]), decks, players, record["seed"])
    out = [state.clone()]
    for a in sorted(record["actions"], key=lambda a: a["seq"]):
        entry = LoggedAction(
            record["game"]["id"],
            a["seq"],
            a["player_id"],
            a["kind"],
            a["payload"],
            a["at"],
            a["by"],
        )
        replay_entry(state, entry)
        out.append(state.clone())
    return out


def hidden_from(state: GameState, seat: int | None) -> set[str]:
    """Card instances ``seat`` (None: a spectator) may not see in ``state``, by zone."""
    hidden: set[str] = set()
    for s, p in enumerate(state.players):
        hidden |= set(p.deck) | set(p.prizes) | set(p.energy_deck)
        if s != seat:
            hidden |= set(p.hand) - set(p.revealed)
            if state.phase is Phase.SETUP:
                hidden |= {c.uid for c in p.in_play()}
    for q in state.pending:  # a search shows its owner the cards to pick from
        if q.seat == seat:
            hidden -= set(q.options)
    return hidden


async def finished_game(c: Client) -> str:
    game = await c.create_game(opponent="bot", bot="greedy", deck="tidal-mind")
    async with c.socket() as sock:
        await play(sock, game["id"], c.user_id, GreedyBot(), random.Random(5))
    return str(game["id"])


async def test_each_perspective_sees_only_what_it_could_see_at_each_step(
    guests: Guest, server: ServerThread
) -> None:
    c = await guests("Ana")
    game_id = await finished_game(c)
    record = await c.call("GET", f"/api/games/{game_id}/replay")
    real = states(record)
    players = [p["user_id"] for p in record["game"]["players"]]
    assert len(record["actions"]) > 40, "a whole game, long enough to measure"

    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        for seat, who in [(0, players[0]), (1, players[1]), (None, "spectator")]:
            started = time.perf_counter()
            r = await http.get(f"/api/games/{game_id}/replay/views", params={"as": who})
            first_ms = (time.perf_counter() - started) * 1000
            assert r.status_code == 200, r.text
            started = time.perf_counter()
            again = await http.get(f"/api/games/{game_id}/replay/views", params={"as": who})
            print(
                f"{len(record['actions'])} actions, as {who}: {first_ms:.0f} ms, "
                f"again {(time.perf_counter() - started) * 1000:.0f} ms, {len(r.content)} bytes"
            )
            assert again.content == r.content
            data = r.json()
            assert data["as"] == who and data["game"]["id"] == game_id
            assert "decks" not in data and "seed" not in data and "actions" not in data
            texts = [m for m in data["messages"] if m["type"] in ("game_state", "game_over")]
            views = [m["state"] for m in data["messages"] if m["type"] == "game_state"]
            assert len(views) == len(real)
            hidden_seen = 0
            for view, state in zip(views, real, strict=True):
                hidden = hidden_from(state, seat)
                hidden_seen += len(hidden)
                text = json.dumps(view)
                leaked = [uid for uid in hidden if f'"{uid}"' in text]
                assert not leaked, f"step {view['turn']}: {leaked}"
                for s, p in enumerate(view["players"]):
                    if s == seat:
                        assert [ref["uid"] for ref in p["hand"]] == state.players[s].hand
                    else:
                        assert p["hand"] is None
            assert hidden_seen > 0
            final = json.dumps(texts[-1]["final_state"])
            assert texts[-1]["type"] == "game_over"
            assert not [uid for uid in hidden_from(real[-1], seat) if f'"{uid}"' in final]


async def test_replay_views_are_refused_before_the_end_and_for_strangers(guests: Guest) -> None:
    c = await guests("Bo")
    game = await c.create_game(opponent="bot", bot="greedy", deck="ember-rush")
    with pytest.raises(ApiError) as early:
        await c.call("GET", f"/api/games/{game['id']}/replay/views", **{"as": "spectator"})
    assert (early.value.status, early.value.code) == (409, "game_not_finished")
    with pytest.raises(ApiError) as missing:
        await c.call("GET", "/api/games/g-nothing/replay/views")
    assert missing.value.code == "game_not_found"
    game_id = await finished_game(c)
    with pytest.raises(ApiError) as stranger:
        await c.call("GET", f"/api/games/{game_id}/replay/views", **{"as": "u-somebody"})
    assert (stranger.value.status, stranger.value.code) == (422, "unknown_perspective")


async def test_the_replay_page_is_the_index_page_with_absolute_addresses(
    server: ServerThread,
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        r = await http.get("/replay/g-anything")
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert 'src="/js/app.js"' in r.text and 'href="/css/base.css"' in r.text
        assert not re.search(r'(src|href)="(js|css)/', r.text)
        assert (await http.get("/replay/js/app.js")).status_code == 404


async def test_one_step_holds_nothing_of_later_steps(guests: Guest, server: ServerThread) -> None:
    """What the replay page downloads: one step's messages and the log read up to it. No
    card hidden at that step is in it, not even one the perspective draws later."""
    c = await guests("Cy")
    game_id = await finished_game(c)
    record = await c.call("GET", f"/api/games/{game_id}/replay")
    real = states(record)
    me = record["game"]["players"][0]["user_id"]
    later_draws = 0
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        for n, state in enumerate(real, start=1):
            r = await http.get(f"/api/games/{game_id}/replay/views", params={"as": me, "step": n})
            assert r.status_code == 200, r.text
            data = r.json()
            assert (data["step"], data["steps"], len(data["index"])) == (n, len(real), len(real))
            views = [m["state"] for m in data["messages"] if m["type"] == "game_state"]
            assert len(views) == 1 and views[0]["turn"] == state.turn
            hidden = hidden_from(state, 0)
            assert not [uid for uid in hidden if f'"{uid}"' in r.text], f"step {n}"
            later_draws += len(hidden & set(real[-1].players[0].hand))
            assert all(set(line) == {"seq", "kind", "player", "text"} for line in data["log"])
            seqs = [line["seq"] for line in data["log"]]
            assert seqs == sorted(set(seqs))
        beyond = (await http.get(f"/api/games/{game_id}/replay/views?as={me}&step=9999")).json()
        assert beyond["step"] == len(real)
        assert beyond["messages"][-1]["type"] == "game_over"
    assert later_draws > 0, "the check must cover cards the player only draws later"
