"""Decks: the starters, a player's saved decks (CRUD), validation with every problem listed."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from mantimon.cards import CardPool, DeckList
from mantimon.engine import RulesConfig, deck_problems
from mantimon.server import credentials
from mantimon.server.rest.common import ApiError, ServicesDep, UserDep
from mantimon.storage import DeckRecord

router = APIRouter(tags=["decks"])

MAX_DECK_CARDS = 100
"""The most cards one list of a request may name (a deck or an energy deck; no preset's is
over 60). Checked before anything is built from the list: ``{"card": 99, ...}`` maps are
expanded into one entry per copy, so an unchecked map of 66,000 ids made 6.5 M."""

CardId = Annotated[str, Field(max_length=64)]


def _few_entries(value: object) -> object:
    """Refuse an over-long list or map before its entries are even validated."""
    if isinstance(value, dict | list) and len(value) > MAX_DECK_CARDS:
        raise ValueError(
            f"a deck names at most {MAX_DECK_CARDS} cards; this one has {len(value)} entries"
        )
    return value


def _few_cards(value: dict[str, int] | list[str]) -> dict[str, int] | list[str]:
    if isinstance(value, dict):
        total = sum(n for n in value.values() if n > 0)
        if total > MAX_DECK_CARDS:
            raise ValueError(
                f"a deck holds at most {MAX_DECK_CARDS} cards; these counts add up to {total}"
            )
    return value


Counts = Annotated[
    dict[CardId, int] | list[CardId],
    BeforeValidator(_few_entries),
    AfterValidator(_few_cards),
]


class DeckIn(BaseModel):
    name: Annotated[str, AfterValidator(credentials.deck_name)] = Field(
        default="My deck", max_length=256
    )
    preset: str = "mantimon"
    cards: Counts
    energy: Counts = Field(default_factory=list)


class DeckChoice(BaseModel):
    """How a request names a deck: a starter id, a saved deck id, or the cards themselves."""

    starter: str | None = None
    deck_id: str | None = None
    cards: Counts | None = None
    energy: Counts = Field(default_factory=list)


def _expand(counts: Counts) -> tuple[str, ...]:
    if isinstance(counts, list):
        return tuple(counts)
    for cid, n in counts.items():
        if not isinstance(n, int) or n < 0 or n > 99:
            raise ApiError(422, "invalid_deck", f"count of '{cid}' must be a whole number 0..99")
    return tuple(cid for cid, n in counts.items() for _ in range(n))


def rules_for(preset: str) -> RulesConfig:
    try:
        return RulesConfig.preset_named(preset)
    except ValueError as exc:
        raise ApiError(422, "unknown_preset", str(exc)) from None


def starter_for(pool: CardPool, name: str, preset: str) -> DeckList:
    """A starter by id; for the classic preset its ``-classic`` variant is taken."""
    for cid in (f"{name}-classic", name) if preset == "classic" else (name,):
        deck = pool.starters.get(cid)
        if deck is not None and deck.preset == preset:
            return deck.decklist()
    known = sorted(d.id for d in pool.starters.values() if d.preset == preset)
    raise ApiError(
        422,
        "unknown_deck",
        f"no starter deck '{name}' for preset {preset} (known: {', '.join(known)})",
    )


def checked(pool: CardPool, preset: str, deck: DeckList) -> DeckList:
    problems = deck_problems(rules_for(preset), deck, pool)
    if problems:
        raise ApiError(
            422,
            "invalid_deck",
            "the deck is not legal: " + "; ".join(problems),
            {"problems": problems},
        )
    return deck


async def resolve(
    svc: ServicesDep, user_id: str, choice: DeckChoice | str, preset: str
) -> DeckList:
    """The legal deck a request names, or an ``ApiError`` saying why it cannot be used."""
    if isinstance(choice, str):
        choice = (
            DeckChoice(starter=choice)
            if choice in svc.pool.starters or f"{choice}-classic" in svc.pool.starters
            else DeckChoice(deck_id=choice)
        )
    if choice.starter is not None:
        return checked(svc.pool, preset, starter_for(svc.pool, choice.starter, preset))
    if choice.deck_id is not None:
        saved = await svc.store.get_deck(choice.deck_id)
        if saved is None or saved.owner_id != user_id:
            raise ApiError(404, "deck_not_found", f"no deck '{choice.deck_id}' of yours")
        return checked(svc.pool, preset, DeckList(cards=saved.cards, energy=saved.energy))
    if choice.cards is not None:
        return checked(
            svc.pool, preset, DeckList(cards=_expand(choice.cards), energy=_expand(choice.energy))
        )
    raise ApiError(422, "invalid_deck", "name a deck: starter, deck_id, or cards (+ energy)")


def deck_json(deck: DeckRecord) -> dict[str, Any]:
    return {
        "id": deck.id,
        "name": deck.name,
        "preset": deck.preset,
        "cards": list(deck.cards),
        "energy": list(deck.energy),
        "created_at": deck.created_at,
        "updated_at": deck.updated_at,
    }


@router.get("/api/decks/starters")
async def starters(svc: ServicesDep) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "name": d.name,
            "description": d.description,
            "preset": d.preset,
            "cards": d.cards,
            "energy": d.energy,
        }
        for d in sorted(svc.pool.starters.values(), key=lambda d: (d.preset, d.id))
    ]


@router.post("/api/decks/validate")
async def validate(body: DeckIn, svc: ServicesDep) -> dict[str, Any]:
    deck = DeckList(cards=_expand(body.cards), energy=_expand(body.energy))
    problems = deck_problems(rules_for(body.preset), deck, svc.pool)
    return {"valid": not problems, "problems": problems}


@router.get("/api/decks")
async def my_decks(user: UserDep, svc: ServicesDep) -> list[dict[str, Any]]:
    return [deck_json(d) for d in await svc.store.decks_of(user.id)]


@router.post("/api/decks", status_code=201)
async def create(body: DeckIn, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    deck = checked(
        svc.pool, body.preset, DeckList(cards=_expand(body.cards), energy=_expand(body.energy))
    )
    now = time.time()
    record = DeckRecord(
        f"d-{uuid.uuid4().hex[:12]}",
        user.id,
        body.name,
        body.preset,
        deck.cards,
        deck.energy,
        now,
        now,
    )
    await svc.store.put_deck(record)
    return deck_json(record)


async def _own(svc: ServicesDep, user_id: str, deck_id: str) -> DeckRecord:
    deck = await svc.store.get_deck(deck_id)
    if deck is None or deck.owner_id != user_id:
        raise ApiError(404, "deck_not_found", f"no deck '{deck_id}' of yours")
    return deck


@router.get("/api/decks/{deck_id}")
async def get(deck_id: str, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    return deck_json(await _own(svc, user.id, deck_id))


@router.put("/api/decks/{deck_id}")
async def update(deck_id: str, body: DeckIn, user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    old = await _own(svc, user.id, deck_id)
    deck = checked(
        svc.pool, body.preset, DeckList(cards=_expand(body.cards), energy=_expand(body.energy))
    )
    record = DeckRecord(
        old.id,
        user.id,
        body.name,
        body.preset,
        deck.cards,
        deck.energy,
        old.created_at,
        time.time(),
    )
    await svc.store.put_deck(record)
    return deck_json(record)


@router.delete("/api/decks/{deck_id}", status_code=204)
async def delete(deck_id: str, user: UserDep, svc: ServicesDep) -> None:
    await _own(svc, user.id, deck_id)
    await svc.store.delete_deck(deck_id)
