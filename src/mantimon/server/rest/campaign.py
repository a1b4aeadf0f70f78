"""Campaign and collection: begin, see where one stands, challenge a duelist, open packs.

The rules are the campaign package's (``mantimon.campaign``, docs/CAMPAIGN.md); this module
reads and stores through the ``Store`` port. A challenge is an ordinary game against a
server bot (the duelist's level and deck) whose settings name the campaign; the session
puts the game's result into the commit that records its end, and the store grants it there,
once (``Store.commit``), so a reconnect, a repeated message or a restart never grants twice.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from mantimon.campaign import challengeable, open_pack
from mantimon.campaign.packs import odds, pack_seed
from mantimon.campaign.world import Duelist, bundled_world, deck_of
from mantimon.server.rest.common import ApiError, ServicesDep, UserDep, client_address
from mantimon.server.rest.decks import DeckChoice, resolve
from mantimon.server.rest.games import (
    ensure_room_for_a_game,
    fill_seat,
    game_json,
    new_game_record,
    seat_record,
)
from mantimon.storage import CampaignRecord, PackOpening, UserRecord
from mantimon.storage.ports import Conflict

router = APIRouter(tags=["campaign"])


class StartIn(BaseModel):
    starter: str = "ember-rush"


class ChallengeIn(BaseModel):
    duelist: str
    deck: DeckChoice | str = "ember-rush"
    # A duelist is a bot: no turn clock unless the player asks for one (as for bot games).
    timed: bool = False


def _duelist_json(d: Duelist) -> dict[str, Any]:
    """A duelist as the client shows it (their deck stays the server's)."""
    return d.model_dump(mode="json", exclude={"deck"})


def _state_json(record: CampaignRecord) -> dict[str, Any]:
    world = bundled_world()
    p = record.progress
    return {
        "beaten": sorted(p.beaten),
        "medals": sorted(p.medals),
        "champion": p.champion,
        "grand_master_run": list(p.run),
        "challengeable": [d.id for d in challengeable(world, p)],
        "packs": record.packs,
        "opened": record.opened,
        "cards_owned": sum(record.collection.values()),
        "started_at": record.started_at,
    }


async def _record(svc: ServicesDep, user_id: str) -> CampaignRecord:
    record = await svc.store.campaign(user_id)
    if record is None:
        raise ApiError(404, "campaign_not_started", "begin the campaign first")
    return record


@router.get("/api/campaign/world")
async def world(user: UserDep) -> dict[str, Any]:
    """The clubs, their duelists, the Grand Masters and the Champion; the packs' odds."""
    w = bundled_world()
    return {
        "clubs": [
            c.model_dump(
                mode="json", exclude={"members": {"__all__": {"deck"}}, "leader": {"deck"}}
            )
            for c in w.clubs
        ],
        "grand_masters": [_duelist_json(g) for g in w.grand_masters],
        "champion": _duelist_json(w.champion),
        "pack_odds": [{r: float(f) for r, f in slot.items()} for slot in odds()],
    }


@router.post("/api/campaign/start", status_code=201)
async def start(body: StartIn, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """Begin the campaign with a starter deck: its cards are the first collection."""
    starter = svc.pool.starters.get(body.starter)
    if starter is None or starter.preset != "mantimon":
        names = sorted(k for k, s in svc.pool.starters.items() if s.preset == "mantimon")
        raise ApiError(422, "unknown_deck", f"no starter '{body.starter}' ({', '.join(names)})")
    cards = dict(Counter(starter.decklist().cards))
    # The packs' seed: fixed by ``game_seed`` as every deal is (reproducible tests and
    # demos), else drawn from the OS.
    fixed = svc.settings.game_seed
    seed = secrets.randbits(63) if fixed is None else fixed
    try:
        record = await svc.store.start_campaign(user.id, cards, seed, svc.hub.clock())
    except Conflict:
        raise ApiError(409, "campaign_started", "the campaign has begun already") from None
    return _state_json(record)


@router.get("/api/campaign")
async def state(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """Where the player stands: beaten duelists, medals, who may be challenged, packs."""
    return _state_json(await _record(svc, user.id))


@router.post("/api/campaign/challenge", status_code=201)
async def challenge(
    body: ChallengeIn, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    """A game against ``duelist`` (open to the player now), with a deck of owned cards.
    Counts toward the new-games limit per client address, as any game against a bot."""
    svc.limits.new_game(client_address(request))
    record = await _record(svc, user.id)
    world = bundled_world()
    duelist = world.duelists.get(body.duelist)
    if duelist is None:
        raise ApiError(404, "duelist_not_found", f"no duelist '{body.duelist}'")
    if duelist not in challengeable(world, record.progress):
        raise ApiError(409, "duelist_locked", f"{duelist.name} cannot be challenged yet")
    deck = await resolve(svc, user.id, body.deck, "mantimon")
    missing = Counter(deck.cards) - Counter(record.collection)
    if missing:
        names = ", ".join(f"{n}x {svc.pool[c].name}" for c, n in sorted(missing.items()))
        raise ApiError(422, "cards_not_owned", f"the deck uses cards not owned: {names}")
    # What names the deck for the Grand Masters' one-deck run: the starter or saved deck id
    # (a list of cards sent inline counts as one deck, "custom").
    choice = body.deck
    deck_id = choice if isinstance(choice, str) else choice.deck_id or choice.starter or "custom"
    async with svc.limits.user_lock(user.id):
        await ensure_room_for_a_game(svc, user)
        settings: dict[str, Any] = {
            "turn_seconds": svc.settings.turn_seconds if body.timed else None,
            "grace_seconds": svc.settings.grace_seconds,
            "campaign": {"user": user.id, "duelist": duelist.id, "deck": deck_id},
        }
        rival = UserRecord(
            id=f"b-{uuid.uuid4().hex[:12]}", name=duelist.name, created_at=time.time()
        )
        await svc.store.add_user(rival)
        game = await new_game_record(svc, "mantimon", settings, seat_record(user, deck))
        rival_deck = deck_of(duelist, svc.pool)
        level = svc.settings.campaign_bot or duelist.level
        game = await fill_seat(svc, game.id, seat_record(rival, rival_deck, "bot", level))
    return {**game_json(game), "duelist": _duelist_json(duelist)}


@router.post("/api/campaign/packs/open", status_code=201)
async def open_one(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """Open the player's next pack: its cards join the collection, and the opening is kept."""
    record = await _record(svc, user.id)
    if record.packs < 1:
        raise ApiError(409, "no_pack", "no unopened pack")
    number = record.opened + 1
    seed = pack_seed(record.seed, number)
    cards = tuple(open_pack(svc.pool, seed, bundled_world().promos))
    try:
        await svc.store.record_opening(PackOpening(user.id, number, seed, cards, svc.hub.clock()))
    except Conflict:
        raise ApiError(409, "no_pack", "that pack was opened already") from None
    return {"number": number, "cards": [{"id": c, "name": svc.pool[c].name} for c in cards]}


@router.get("/api/campaign/packs")
async def openings(user: UserDep, svc: ServicesDep) -> list[dict[str, Any]]:
    """Every pack the player opened, in order, with its seed (to show again or audit)."""
    return [
        {"number": o.number, "seed": str(o.seed), "cards": list(o.cards), "at": o.at}
        for o in await svc.store.openings(user.id)
    ]


@router.get("/api/campaign/results")
async def results(user: UserDep, svc: ServicesDep) -> list[dict[str, Any]]:
    """The player's campaign games, newest first: opponent, outcome, what each earned, and
    what the duelist said (their defeat line after a win)."""
    world = bundled_world()
    out = []
    for e in reversed(await svc.store.campaign_history(user.id)):
        duelist = world.duelists.get(e.result.duelist_id)
        out.append(
            {
                "game_id": e.result.game_id,
                "duelist": e.result.duelist_id,
                "duelist_name": duelist.name if duelist else e.result.duelist_id,
                "said": duelist.defeat if duelist and e.result.outcome == "win" else None,
                "outcome": e.result.outcome,
                "packs": e.packs,
                "medal": e.medal,
                "promo": e.promo,
                "crowned": e.crowned,
                "at": e.result.at,
            }
        )
    return out


@router.get("/api/campaign/hall-of-fame")
async def hall_of_fame(user: UserDep, svc: ServicesDep) -> list[dict[str, Any]]:
    """Everyone who became champion, first first: display name and when."""
    out = []
    for user_id, at in await svc.store.champions():
        champion = await svc.store.get_user(user_id)
        out.append({"name": champion.name if champion else "?", "at": at})
    return out


@router.get("/api/collection")
async def collection(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """The cards the player owns (card id -> copies), from the campaign."""
    record = await _record(svc, user.id)
    return {"cards": dict(sorted(record.collection.items()))}
