"""Rematch between two people (``GET``/``POST /api/games/{id}/rematch``): one offers, the
other accepts and a new game between them starts with the seats swapped; a decline or a
departure ends it; answers are idempotent; only the two players may answer."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from mantimon.client import ApiError, Client
from tests.server.conftest import Guest
from tests.server.harness import ServerThread


async def two_person_game(guests: Guest) -> tuple[Client, Client, dict[str, Any]]:
    """Ana invites Bo, Bo joins and resigns at once: a finished game between two people."""
    ana, bo = await guests("Ana"), await guests("Bo")
    game = await ana.create_game(opponent="invite", deck="ember-rush")
    await bo.join_game(game["id"], "tidal-mind")
    async with bo.socket() as sock:
        await sock.join(game["id"])
        await sock.resign(game["id"])
        for _ in range(100):
            if (await bo.game(game["id"]))["status"] == "finished":
                break
            await asyncio.sleep(0.05)
    return ana, bo, await bo.game(game["id"])


async def _refused(call: Any, status: int, code: str) -> None:
    with pytest.raises(ApiError) as refused:
        await call
    assert (refused.value.status, refused.value.code) == (status, code), refused.value


def rematch(game: dict[str, Any]) -> str:
    return f"/api/games/{game['id']}/rematch"


async def test_offer_then_accept_deals_a_new_game_with_the_seats_swapped(
    guests: Guest, server: ServerThread
) -> None:
    ana, bo, game = await two_person_game(guests)
    assert game["status"] == "finished"
    seen = await bo.call("GET", rematch(game))
    assert (seen["status"], seen["next_game"]) == ("open", None)
    offered = await ana.call("POST", rematch(game), {"answer": "accept"})
    assert offered["status"] == "offered" and offered["accepted"] == [ana.user_id]
    again = await ana.call("POST", rematch(game), {"answer": "accept"})  # idempotent
    assert again["accepted"] == [ana.user_id] and again["next_game"] is None
    invited = await bo.call("GET", rematch(game))
    assert invited["status"] == "invited" and not invited["opponent_away"]

    started = await bo.call("POST", rematch(game), {"answer": "accept"})
    assert started["status"] == "started" and started["next_game"]
    assert (await ana.call("GET", rematch(game)))["next_game"] == started["next_game"]
    twice = await bo.call("POST", rematch(game), {"answer": "accept"})
    assert twice["next_game"] == started["next_game"]  # no second game

    new = await ana.game(started["next_game"])
    assert new["status"] == "active"
    old_seats = [p["user_id"] for p in game["players"]]
    assert [p["user_id"] for p in new["players"]] == old_seats[::-1]
    assert all(p["kind"] == "human" for p in new["players"])
    stored = server.app.state.services.store.games  # the memory store's records
    old_seats_stored, new_seats_stored = stored[game["id"]].seats, stored[new["id"]].seats
    assert [s.cards for s in new_seats_stored] == [s.cards for s in old_seats_stored][::-1]
    assert old_seats_stored[0].cards != old_seats_stored[1].cards  # the check can fail
    await _refused(bo.call("POST", rematch(game), {"answer": "decline"}), 409, "rematch_started")


async def test_a_decline_or_a_departure_ends_the_offer_and_the_other_is_told(
    guests: Guest,
) -> None:
    ana, bo, game = await two_person_game(guests)
    await ana.call("POST", rematch(game), {"answer": "accept"})
    declined = await bo.call("POST", rematch(game), {"answer": "decline"})
    assert (declined["status"], declined["by"]) == ("declined", bo.user_id)
    told = await ana.call("GET", rematch(game))
    assert (told["status"], told["by"], told["next_game"]) == ("declined", bo.user_id, None)
    assert (await bo.call("POST", rematch(game), {"answer": "decline"}))["status"] == "declined"
    await _refused(ana.call("POST", rematch(game), {"answer": "accept"}), 409, "rematch_declined")
    assert await ana.call("GET", "/api/games/me/active") == []

    cy, di, other = await two_person_game(guests)
    await cy.call("POST", rematch(other), {"answer": "accept"})
    left = await di.call("POST", rematch(other), {"answer": "leave"})
    assert (left["status"], left["by"]) == ("left", di.user_id)
    assert (await cy.call("GET", rematch(other)))["status"] == "left"


async def test_a_page_that_stops_asking_is_shown_away(guests: Guest, server: ServerThread) -> None:
    ana, bo, game = await two_person_game(guests)
    await ana.call("POST", rematch(game), {"answer": "accept"})
    await bo.call("GET", rematch(game))
    assert not (await ana.call("GET", rematch(game)))["opponent_away"]
    shift = 60.0
    server.hub.clock = lambda: time.time() + shift  # Bo's page has not asked for a minute
    try:
        seen = await ana.call("GET", rematch(game))
        assert seen["status"] == "offered" and seen["opponent_away"]
        back = await bo.call("GET", rematch(game))  # Bo is back: not away, still invited
        assert back["status"] == "invited"
        assert not (await ana.call("GET", rematch(game)))["opponent_away"]
    finally:
        server.hub.clock = time.time


async def test_strangers_bots_and_unfinished_games_are_refused(guests: Guest) -> None:
    ana, _, game = await two_person_game(guests)
    eve = await guests("Eve")
    await _refused(eve.call("POST", rematch(game), {"answer": "accept"}), 403, "not_in_game")
    await _refused(eve.call("GET", rematch(game)), 403, "not_in_game")
    await _refused(ana.call("POST", rematch(game), {"answer": "maybe"}), 422, "invalid_request")
    await _refused(ana.call("GET", "/api/games/g-nothing/rematch"), 404, "game_not_found")
    bot_game = await eve.create_game(opponent="bot", bot="random")
    await _refused(eve.call("GET", rematch(bot_game)), 409, "game_not_finished")
    async with eve.socket() as sock:
        await sock.join(bot_game["id"])
        await sock.resign(bot_game["id"])
        for _ in range(100):
            if (await eve.game(bot_game["id"]))["status"] == "finished":
                break
            await asyncio.sleep(0.05)
    await _refused(eve.call("GET", rematch(bot_game)), 409, "no_rematch")
    waiting = await eve.create_game(opponent="invite")
    await _refused(
        eve.call("POST", rematch(waiting), {"answer": "accept"}), 409, "game_not_finished"
    )
    await eve.cancel_game(waiting["id"])
    await _refused(eve.call("POST", rematch(waiting), {"answer": "accept"}), 409, "no_rematch")
