"""Quick match: a queue per preset that pairs two players (long poll).

``POST /api/matchmaking`` waits up to ``wait_seconds`` for an opponent and answers
``{"status": "matched", "game": ...}`` or ``{"status": "waiting"}`` (poll again; the place
in the queue is kept). ``DELETE /api/matchmaking`` leaves the queue. The queue lives in
the server process; a restart empties it (players simply queue again).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from mantimon.cards import DeckList
from mantimon.server.rest.common import ServicesDep, UserDep, client_address
from mantimon.server.rest.decks import DeckChoice, resolve
from mantimon.server.rest.games import (
    ensure_room_for_a_game,
    fill_seat,
    game_json,
    new_game_record,
)
from mantimon.storage import GameRecord, SeatRecord, UserRecord

router = APIRouter(tags=["matchmaking"])


class QueueIn(BaseModel):
    deck: DeckChoice | str = "ember-rush"
    preset: str = "mantimon"
    wait_seconds: float | None = Field(default=None, ge=0, le=60)


@dataclass
class Ticket:
    user: UserRecord
    deck: DeckList
    preset: str
    matched: asyncio.Future[GameRecord] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Matchmaker:
    def __init__(self) -> None:
        self.waiting: dict[str, Ticket] = {}  # user id -> ticket
        self.lock = asyncio.Lock()

    async def enqueue(self, svc: ServicesDep, ticket: Ticket) -> Ticket:
        async with self.lock:
            mine = self.waiting.get(ticket.user.id)
            if mine is not None and not mine.matched.done():
                mine.deck, mine.preset = ticket.deck, ticket.preset
                ticket = mine
            other = next(
                (
                    t
                    for uid, t in self.waiting.items()
                    if uid != ticket.user.id and t.preset == ticket.preset and not t.matched.done()
                ),
                None,
            )
            if other is None:
                self.waiting[ticket.user.id] = ticket
                return ticket
            del self.waiting[other.user.id]
            self.waiting.pop(ticket.user.id, None)
            settings = {
                "turn_seconds": svc.settings.turn_seconds,
                "grace_seconds": svc.settings.grace_seconds,
            }
            game = await new_game_record(svc, ticket.preset, settings, _seat(other))
            game = await fill_seat(svc, game.id, _seat(ticket))
            other.matched.set_result(game)
            ticket.matched.set_result(game)
            return ticket

    def queued(self, user_id: str) -> bool:
        """True while the user waits in the queue (the place counts as a live game)."""
        ticket = self.waiting.get(user_id)
        return ticket is not None and not ticket.matched.done()

    async def leave(self, user_id: str) -> bool:
        async with self.lock:
            ticket = self.waiting.pop(user_id, None)
            if ticket is not None and not ticket.matched.done():
                ticket.matched.cancel()
            return ticket is not None


def _seat(t: Ticket) -> SeatRecord:
    return SeatRecord(t.user.id, t.user.name, t.deck.cards, t.deck.energy)


@router.post("/api/matchmaking")
async def queue(body: QueueIn, request: Request, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    svc.limits.new_game(client_address(request))
    deck = await resolve(svc, user.id, body.deck, body.preset)
    async with svc.limits.user_lock(user.id):
        await ensure_room_for_a_game(svc, user, queued=False)
        ticket = await svc.matchmaker.enqueue(svc, Ticket(user, deck, body.preset))
    wait = svc.settings.matchmaking_wait_seconds if body.wait_seconds is None else body.wait_seconds
    with contextlib.suppress(TimeoutError, asyncio.CancelledError):
        game = await asyncio.wait_for(asyncio.shield(ticket.matched), timeout=wait)
        return {"status": "matched", "game": game_json(game)}
    return {"status": "waiting"}


@router.delete("/api/matchmaking")
async def leave(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    return {"left": await svc.matchmaker.leave(user.id)}
