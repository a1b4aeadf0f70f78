"""Games: against a server bot, private with an invite, joining a seat, status and replay.

Seats are taken here (a deck must be chosen); the WebSocket ``join_game`` then binds a
socket to the seat (DESIGN.md §4). When the second seat fills, the hub deals the game.

An invite nobody takes does not stay open for ever: its creator can cancel it
(``DELETE /api/games/{id}``), and one older than ``invite_expiry_seconds`` is closed as
expired the next time anyone looks at it (``current``: joining, reading it, listing one's
games, or the live-game cap counting them). Either way it is ``finished`` with
``end_reason`` ``cancelled`` or ``expired``, no longer counts toward
``max_live_games_per_user``, and joining it is refused with 410.

A game against a bot has no turn clock unless its player asks for one (``timed`` or
``turn_seconds``): nothing in it, the setup included, is decided by a timer. A private
game has the server's clock (``turn_seconds``) unless ``timed`` is false.
"""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from mantimon.bots import BOTS, LEVELS, describe
from mantimon.server.rest.common import ApiError, ServicesDep, UserDep, client_address
from mantimon.server.rest.decks import DeckChoice, resolve, rules_for
from mantimon.session import seats
from mantimon.session.events import derive_for
from mantimon.session.match import DEFAULT_TURN_SECONDS, VIEWERS
from mantimon.storage import GameRecord, SeatRecord, UserRecord
from mantimon.storage.ports import Conflict, GameStatus

router = APIRouter(tags=["games"])


class NewGame(BaseModel):
    opponent: Literal["bot", "invite"] = "bot"
    bot: str = "normal"
    deck: DeckChoice | str = "ember-rush"
    bot_deck: DeckChoice | str | None = None
    preset: str = "mantimon"
    turn_seconds: float | None = Field(default=None, gt=0, le=3600)
    # Whether the turn clock runs: None is the default (a private game has one, a bot game
    # none: a player learning against a bot is never hurried); ``turn_seconds`` implies it.
    timed: bool | None = None


class JoinIn(BaseModel):
    deck: DeckChoice | str = "ember-rush"


def game_json(game: GameRecord) -> dict[str, Any]:
    return {
        "id": game.id,
        "status": game.status,
        "preset": game.preset,
        "players": [
            {"user_id": s.user_id, "name": s.name, "kind": s.kind, "bot": s.bot, "seat": i}
            for i, s in enumerate(game.seats)
        ],
        "winner_id": game.winner_id,
        "end_reason": game.end_reason,
        # None: an untimed game (a game stored before the setting had the default clock).
        "turn_seconds": game.settings.get("turn_seconds", DEFAULT_TURN_SECONDS),
        "created_at": game.created_at,
        "updated_at": game.updated_at,
        "invite_path": f"/?join={game.id}" if game.settings.get("invite") else None,
    }


def seat_record(
    user: UserRecord, deck: Any, kind: Literal["human", "bot"] = "human", bot: str | None = None
) -> SeatRecord:
    return SeatRecord(user.id, user.name, tuple(deck.cards), tuple(deck.energy), kind, bot)


async def new_game_record(
    svc: ServicesDep, preset: str, settings: dict[str, Any], first: SeatRecord | None
) -> GameRecord:
    now = svc.hub.clock()
    game = GameRecord(
        id=f"g-{uuid.uuid4().hex[:12]}",
        status="waiting",
        preset=preset,
        rules=rules_for(preset).model_dump(mode="json"),
        seed=0,
        seats=(first,) if first is not None else (),
        created_at=now,
        updated_at=now,
        settings=settings,
    )
    await svc.store.add_game(game)
    return game


async def close_waiting(svc: ServicesDep, game_id: str, reason: str) -> GameRecord | None:
    """End a waiting game before it starts (None if it is not waiting any more), and let
    the sockets joined to it go."""
    closed = await svc.store.close_waiting_game(game_id, reason, svc.hub.clock())
    if closed is not None:
        await svc.hub.game_closed(closed)
    return closed


async def current(svc: ServicesDep, game: GameRecord) -> GameRecord:
    """``game`` as it stands: an invite waiting longer than ``invite_expiry_seconds`` is
    closed as expired first."""
    if not seats.expired(game, svc.hub.clock(), svc.settings.invite_expiry_seconds):
        return game
    closed = await close_waiting(svc, game.id, "expired")
    return closed or await svc.store.get_game(game.id) or game  # None: taken meanwhile


LIVE: tuple[GameStatus, ...] = ("waiting", "active")  # the statuses of a user's live games


def not_found(game_id: str) -> ApiError:
    missing = seats.not_found(game_id)
    return ApiError(missing.status, missing.code, missing.text)


def refuse(refusal: seats.SeatRefusal | None) -> None:
    """Raise what the session's seat rules refused (nothing when they allow it)."""
    if refusal is not None:
        raise ApiError(refusal.status, refusal.code, refusal.text)


async def ensure_room_for_a_game(svc: ServicesDep, user: UserRecord, queued: bool = True) -> None:
    """Refuse (409 ``too_many_games``) a user who already holds ``max_live_games_per_user``
    seats in waiting or active games; a place in the quick-match queue counts as one
    (``queued=False`` when that place is the one being asked for); expired invites are
    closed, not counted. Call it under ``svc.limits.user_lock``."""
    cap = svc.settings.max_live_games_per_user
    held = [await current(svc, g) for g in await svc.store.games_of(user.id, LIVE)]
    live = sum(g.status in LIVE for g in held)
    if queued and svc.matchmaker.queued(user.id):
        live += 1
    refuse(seats.room(live, cap))


async def fill_seat(svc: ServicesDep, game_id: str, seat: SeatRecord) -> GameRecord:
    """Take the free seat (atomically); deal the game when it is the second one."""
    try:
        fixed = svc.settings.game_seed
        seed = secrets.randbits(63) if fixed is None else fixed
        game = await svc.store.take_seat(game_id, seat, seed, svc.hub.clock())
    except Conflict:
        lost = seats.seat_lost(await svc.store.get_game(game_id))
        raise ApiError(lost.status, lost.code, lost.text) from None
    if game.status == "active":
        await svc.hub.game_filled(game)
    return game


@router.post("/api/games", status_code=201)
async def create(
    body: NewGame, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    """A game against a server bot (starts at once) or a private game to share by invite."""
    svc.limits.new_game(client_address(request))
    async with svc.limits.user_lock(user.id):
        await ensure_room_for_a_game(svc, user)
        return await _create(body, user, svc)


async def _create(body: NewGame, user: UserRecord, svc: ServicesDep) -> dict[str, Any]:
    deck = await resolve(svc, user.id, body.deck, body.preset)
    timed = body.timed
    if timed is None:
        timed = body.opponent == "invite" or body.turn_seconds is not None
    settings: dict[str, Any] = {
        "turn_seconds": (body.turn_seconds or svc.settings.turn_seconds) if timed else None,
        "grace_seconds": svc.settings.grace_seconds,
    }
    if body.opponent == "invite":
        settings["invite"] = True
        game = await new_game_record(svc, body.preset, settings, seat_record(user, deck))
        return game_json(game)
    if body.bot not in BOTS:
        refuse(seats.unknown_bot(body.bot, sorted(BOTS)))
    bot_deck = await resolve(svc, user.id, body.bot_deck or body.deck, body.preset)
    bot_user = UserRecord(
        id=f"b-{uuid.uuid4().hex[:12]}", name=f"{body.bot.capitalize()}Bot", created_at=time.time()
    )
    await svc.store.add_user(bot_user)
    game = await new_game_record(svc, body.preset, settings, seat_record(user, deck))
    game = await fill_seat(svc, game.id, seat_record(bot_user, bot_deck, "bot", body.bot))
    return game_json(game)


@router.post("/api/games/{game_id}/join")
async def join(
    game_id: str, body: JoinIn, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    svc.limits.new_game(client_address(request))
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    game = await current(svc, game)
    refuse(seats.join(game, user.id))
    deck = await resolve(svc, user.id, body.deck, game.preset)
    async with svc.limits.user_lock(user.id):
        await ensure_room_for_a_game(svc, user)
        return game_json(await fill_seat(svc, game_id, seat_record(user, deck)))


@router.delete("/api/games/{game_id}")
async def cancel(game_id: str, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """Cancel a game still waiting for its second player (its creator only): it ends as
    ``cancelled``, frees its place under the live-game cap, and can no longer be joined.
    A game that has started is resigned, not cancelled."""
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    game = await current(svc, game)
    refuse(seats.cancel(game, user.id))
    closed = await close_waiting(svc, game_id, "cancelled")
    if closed is None:  # taken or closed meanwhile: judged again as it is now
        refuse(seats.cancel(await svc.store.get_game(game_id) or game, user.id))
        raise not_found(game_id)  # not reached: a game no longer waiting is refused above
    return game_json(closed)


@router.get("/api/games/me/active")
async def my_active(user: UserDep, svc: ServicesDep) -> list[dict[str, Any]]:
    games = [await current(svc, g) for g in await svc.store.games_of(user.id, LIVE)]
    return [game_json(g) for g in games if g.status in LIVE]


@router.get("/api/games/live")
async def live(svc: ServicesDep) -> list[dict[str, Any]]:
    """Active games anyone may watch (newest first)."""
    games = await svc.store.games_with_status("active")
    return [game_json(g) for g in sorted(games, key=lambda g: g.updated_at, reverse=True)[:50]]


@router.get("/api/games/{game_id}")
async def get(game_id: str, svc: ServicesDep) -> dict[str, Any]:
    """The game's record plus ``clocks``: seconds left per player whose turn clock runs now
    (a client that reloads mid-turn shows the right countdown without waiting for a warning)."""
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    data = game_json(await current(svc, game))
    data["clocks"] = svc.hub.clocks_left(game_id)
    return data


@router.get("/api/bots")
async def bots() -> list[dict[str, Any]]:
    """The server bots a game can be played against (the browser lists them): the levels
    from easiest to hardest, then the others; each with its player-facing description."""
    order = {name: n for n, name in enumerate(LEVELS)}
    names = sorted(BOTS, key=lambda name: (order.get(name, len(order)), name))
    return [{"id": name, "description": describe(name), "level": name in order} for name in names]


@router.get("/api/games/{game_id}/replay")
async def replay(game_id: str, svc: ServicesDep) -> Response:
    """A finished game's record: set-up, every action, and what each player was sent.

    The events are derived again from the log (both seats in one replay) and spliced into
    the answer as the JSON they are: parsed and serialised again, they cost more than the
    replay itself (~60 of ~110 ms for an 80-action game, all of it on the event loop)."""
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    refuse(seats.replay(game))
    actions = await svc.store.actions(game_id)
    logs: dict[str, list[orjson.Fragment]] = {key: [] for key in VIEWERS}
    if game.last_event_id > 0:  # dealt (a closed invitation never was): derived again
        viewers = [(game.seats[seat].user_id, key) for seat, key in enumerate(VIEWERS)]
        derived = derive_for(game, None, actions, viewers, 0, game.last_event_id, 0) or {}
        logs.update({key: [orjson.Fragment(t) for t in texts] for key, texts in derived.items()})
    record = {
        "game": game_json(game),
        "seed": game.seed,
        "rules": game.rules,
        "decks": [{"cards": list(s.cards), "energy": list(s.energy)} for s in game.seats],
        "actions": [
            {
                "seq": a.seq,
                "player_id": a.player_id,
                "kind": a.kind,
                "payload": a.payload,
                "by": a.by,
                "at": a.at,
            }
            for a in actions
        ],
        "events": logs,
    }
    return Response(orjson.dumps(record), media_type="application/json")
