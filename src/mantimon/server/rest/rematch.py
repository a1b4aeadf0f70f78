"""Rematch between two people: offer, accept, decline or leave, and the state to poll.

What lives here: ``GET``/``POST /api/games/{id}/rematch`` and the table of open rematches
(in memory, per app; the rules are ``session.rematch``). When the second player accepts,
the new game is made through the usual game creation (``games.new_game_record`` and
``games.fill_seat``: seed, rules and dealing as for every game), with the same decks and
the seats swapped, and both pages find its id in the state they poll (about every 2 s from
the result screen; the wire contract has no message for it). What must not: game rules.
A game against a bot keeps its instant rematch (the page creates a new game).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from mantimon.server.rest.common import ServicesDep, UserDep, client_address
from mantimon.server.rest.games import (
    ensure_room_for_a_game,
    fill_seat,
    new_game_record,
    not_found,
    refuse,
)
from mantimon.session import rematch as rules
from mantimon.session.rematch import Answer, Rematch
from mantimon.storage import GameRecord

router = APIRouter(tags=["games"])


class AnswerIn(BaseModel):
    answer: Answer = "accept"


class Rematches:
    """The rematches of this app's finished games, and the lock that keeps two answers
    from dealing two games."""

    def __init__(self) -> None:
        self.open: dict[str, Rematch] = {}
        self.lock = asyncio.Lock()

    def of(self, game: GameRecord, now: float) -> Rematch:
        for gid in [g for g, r in self.open.items() if rules.stale(r, now)]:
            del self.open[gid]
        found = self.open.get(game.id)
        if found is None:
            found = self.open[game.id] = rules.opened(game)
        return found


def _table(request: Request) -> Rematches:
    table: Rematches | None = getattr(request.app.state, "rematches", None)
    if table is None:
        table = request.app.state.rematches = Rematches()
    return table


async def _game(svc: ServicesDep, game_id: str, user_id: str) -> GameRecord:
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    refuse(rules.allowed(game, user_id))
    return game


@router.get("/api/games/{game_id}/rematch")
async def rematch_state(
    game_id: str, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    """The rematch as the caller sees it; asking also says the caller's page is there."""
    game = await _game(svc, game_id, user.id)
    now = svc.hub.clock()
    found = _table(request).of(game, now)
    rules.seen(found, user.id, now)
    return rules.status(found, user.id, now)


@router.post("/api/games/{game_id}/rematch")
async def answer(
    game_id: str, body: AnswerIn, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    """Offer or accept (``accept``), ``decline``, or ``leave`` (the page left the result).
    The second acceptance deals the new game; repeating an answer changes nothing."""
    game = await _game(svc, game_id, user.id)
    table = _table(request)
    async with table.lock:
        found = table.of(game, svc.hub.clock())
        refuse(rules.answer(found, user.id, body.answer, svc.hub.clock()))
        if rules.ready(found):
            try:
                found.next_game = await _deal(svc, game, client_address(request))
            except BaseException:
                rules.withdraw(found, user.id)
                raise
        return rules.status(found, user.id, svc.hub.clock())


async def _deal(svc: ServicesDep, game: GameRecord, address: str) -> str:
    """The new game: the same decks and settings, the seats swapped."""
    svc.limits.new_game(address)
    first, second = game.seats[1], game.seats[0]
    ids = sorted({first.user_id, second.user_id})
    async with svc.limits.user_lock(ids[0]), svc.limits.user_lock(ids[1]):
        for seat in (first, second):
            user = await svc.store.get_user(seat.user_id)
            if user is not None:
                await ensure_room_for_a_game(svc, user)
        kept = ("turn_seconds", "grace_seconds")
        settings = {k: v for k, v in game.settings.items() if k in kept}
        settings["rematch_of"] = game.id
        made = await new_game_record(svc, game.preset, settings, first)
        made = await fill_seat(svc, made.id, second)
    return made.id
