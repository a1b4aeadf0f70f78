"""Quick match: a queue per preset that pairs two players (long poll), unranked or ranked.

``POST /api/matchmaking`` waits up to ``wait_seconds`` for an opponent and answers
``{"status": "matched", "game": ...}`` or ``{"status": "waiting"}`` (poll again; the place
in the queue is kept). ``DELETE /api/matchmaking`` leaves the queue. The queue lives in
the server process; a restart empties it (players simply queue again).

With ``ranked: true`` (registered accounts only) the player waits among ranked players and
is paired with the closest rating within a gap that widens the longer either has waited
(``allowed_gap``); the game is marked ``ranked`` in its settings, and the step that ends
it rates both players (docs/LADDER.md). Unranked and ranked players never meet.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from mantimon.cards import DeckList
from mantimon.server.rest.common import ApiError, ServicesDep, UserDep, client_address
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
    ranked: bool = Field(
        default=False, description="Play a rated game (registered accounts only): the ladder."
    )


# The ranked queue's pairing window: two ranked players may meet when their ratings are at
# most ``allowed_gap`` apart, which starts at BASE_GAP and widens by GAP_PER_SECOND for every
# second the longer-waiting of the two has waited (docs/LADDER.md "Pairing").
BASE_GAP = 100.0
GAP_PER_SECOND = 10.0


def allowed_gap(waited: float) -> float:
    """The rating gap a ranked player who waited ``waited`` seconds accepts."""
    return BASE_GAP + GAP_PER_SECOND * max(0.0, waited)


@dataclass
class Ticket:
    user: UserRecord
    deck: DeckList
    preset: str
    ranked: bool = False
    rating: float = 1500.0  # the ladder rating (ranked tickets only)
    since: float = 0.0  # when the player joined the queue
    matched: asyncio.Future[GameRecord] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Matchmaker:
    def __init__(self) -> None:
        self.waiting: dict[str, Ticket] = {}  # user id -> ticket
        self.lock = asyncio.Lock()

    async def enqueue(self, svc: ServicesDep, ticket: Ticket) -> Ticket:
        async with self.lock:
            now = svc.hub.clock()
            mine = self.waiting.get(ticket.user.id)
            if mine is not None and not mine.matched.done():
                if mine.ranked != ticket.ranked:  # a new kind of game: the back of the queue
                    mine.since = now
                mine.deck, mine.preset = ticket.deck, ticket.preset
                mine.ranked, mine.rating = ticket.ranked, ticket.rating
                ticket = mine
            else:
                ticket.since = now
            other = self._opponent(ticket, now)
            if other is None:
                self.waiting[ticket.user.id] = ticket
                return ticket
            del self.waiting[other.user.id]
            self.waiting.pop(ticket.user.id, None)
            settings: dict[str, Any] = {
                "turn_seconds": svc.settings.turn_seconds,
                "grace_seconds": svc.settings.grace_seconds,
            }
            if ticket.ranked:
                settings["ranked"] = True
            game = await new_game_record(svc, ticket.preset, settings, _seat(other))
            game = await fill_seat(svc, game.id, _seat(ticket))
            other.matched.set_result(game)
            ticket.matched.set_result(game)
            return ticket

    def _opponent(self, ticket: Ticket, now: float) -> Ticket | None:
        """Who ``ticket`` meets now: the first waiting player of the same preset (unranked),
        or the closest rating within the allowed gap of the longer-waiting one (ranked)."""
        others = [
            t
            for uid, t in self.waiting.items()
            if uid != ticket.user.id
            and t.preset == ticket.preset
            and t.ranked == ticket.ranked
            and not t.matched.done()
        ]
        if not ticket.ranked:
            return others[0] if others else None
        fitting = [
            t
            for t in others
            if abs(t.rating - ticket.rating) <= allowed_gap(now - min(t.since, ticket.since))
        ]
        return min(fitting, key=lambda t: (abs(t.rating - ticket.rating), t.since), default=None)

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
    """Join the quick match (unranked by default; ``ranked: true`` for the ladder)."""
    if body.ranked and user.username is None:
        raise ApiError(
            403,
            "registration_required",
            "ranked games are for registered accounts: register (keep your guest's games"
            " and decks) to play ranked and join the ladder",
        )
    svc.limits.new_game(client_address(request))
    deck = await resolve(svc, user.id, body.deck, body.preset)
    rating = 1500.0
    if body.ranked:
        record = await svc.store.rating(user.id)
        rating = record.rating if record is not None else rating
    async with svc.limits.user_lock(user.id):
        await ensure_room_for_a_game(svc, user, queued=False)
        ticket = Ticket(user, deck, body.preset, body.ranked, rating)
        ticket = await svc.matchmaker.enqueue(svc, ticket)
    wait = svc.settings.matchmaking_wait_seconds if body.wait_seconds is None else body.wait_seconds
    with contextlib.suppress(TimeoutError, asyncio.CancelledError):
        game = await asyncio.wait_for(asyncio.shield(ticket.matched), timeout=wait)
        ranked = bool(game.settings.get("ranked"))
        return {"status": "matched", "game": game_json(game), "ranked": ranked}
    return {"status": "waiting", "ranked": body.ranked}


@router.delete("/api/matchmaking")
async def leave(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    return {"left": await svc.matchmaker.leave(user.id)}
