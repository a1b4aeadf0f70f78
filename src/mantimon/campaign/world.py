"""The campaign's world: clubs, their duelists, the Grand Masters and the Champion.

What lives here: the models of ``data/world.json`` and ``load_world``, which reads it and
checks it against the card pool and the AI levels (every deck legal, every level offered,
every promo a card of the pool, ids unique), failing with the duelist's id in the message.
What must not: progression (``progress``) or anything stored per player.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mantimon.bots import LEVELS
from mantimon.campaign.decks import Tier, themed_deck
from mantimon.cards import CardPool, DeckList, EnergyType
from mantimon.engine import PRESETS, DeckError, deck_problems, default_pool

Role = Literal["member", "leader", "grand_master", "champion"]
_TIER: dict[Role, Tier] = {
    "member": "member",
    "leader": "leader",
    "grand_master": "master",
    "champion": "master",
}


class WorldError(ValueError):
    """``world.json`` is not a world the campaign can run; the message says where."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeckSpec(_Frozen):
    """A duelist's deck: a starter deck by id, or a themed deck of creature types (built
    by ``decks.themed_deck`` at the duelist's tier)."""

    starter: str | None = None
    types: tuple[EnergyType, ...] = ()


class Duelist(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)  # "Member of the Cinderforge", shown under the name
    personality: str = Field(min_length=1)  # one line, player-facing
    greeting: str = Field(min_length=1)
    defeat: str = Field(min_length=1)  # what they say when beaten
    level: str  # an AI level (bots.LEVELS)
    deck: DeckSpec
    role: Role = "member"


class Club(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    types: tuple[EnergyType, ...] = Field(min_length=1)
    medal: str = Field(min_length=1)  # the medal's name
    promo: str  # the card id given with the medal
    blurb: str = Field(min_length=1)
    members: tuple[Duelist, ...] = Field(min_length=2, max_length=3)
    leader: Duelist


class World(_Frozen):
    clubs: tuple[Club, ...] = Field(min_length=1)
    grand_masters: tuple[Duelist, ...] = Field(min_length=1)  # faced in this order
    champion: Duelist

    @functools.cached_property
    def duelists(self) -> dict[str, Duelist]:
        """Every duelist by id."""
        found: dict[str, Duelist] = {}
        for club in self.clubs:
            for d in (*club.members, club.leader):
                found[d.id] = d
        for d in (*self.grand_masters, self.champion):
            found[d.id] = d
        return found

    @functools.cached_property
    def promos(self) -> frozenset[str]:
        """The card ids given only with a club's medal (never found in a pack)."""
        return frozenset(c.promo for c in self.clubs)

    @functools.cached_property
    def club_of(self) -> dict[str, Club]:
        """The club of each club duelist, by duelist id."""
        return {d.id: c for c in self.clubs for d in (*c.members, c.leader)}


def deck_of(duelist: Duelist, pool: CardPool) -> DeckList:
    """The deck ``duelist`` plays."""
    if duelist.deck.starter is not None:
        return pool.starters[duelist.deck.starter].decklist()
    return themed_deck(pool, duelist.deck.types, _TIER[duelist.role], duelist.id)


def load_world(text: str | None = None, pool: CardPool | None = None) -> World:
    """The world from ``text`` (default: the bundled ``data/world.json``), checked."""
    pool = pool or default_pool()
    if text is None:
        text = (resources.files("mantimon.campaign") / "data" / "world.json").read_text("utf-8")
    try:
        world = World.model_validate(json.loads(text))
    except (ValidationError, json.JSONDecodeError) as exc:
        raise WorldError(f"world.json: {exc}") from None
    _check(world, pool)
    return world


@functools.cache
def bundled_world() -> World:
    """The bundled world, loaded and checked once per process."""
    return load_world()


def _check(world: World, pool: CardPool) -> None:
    seen: set[str] = set()
    everyone = [d for c in world.clubs for d in (*c.members, c.leader)]
    everyone += [*world.grand_masters, world.champion]
    for d in everyone:
        where = f"world.json: duelist '{d.id}'"
        if d.id in seen:
            raise WorldError(f"{where}: the id is used twice")
        seen.add(d.id)
        if d.level not in LEVELS:
            raise WorldError(f"{where}: unknown level '{d.level}' (known: {', '.join(LEVELS)})")
        spec = d.deck
        if (spec.starter is None) == (not spec.types):
            raise WorldError(f"{where}: the deck names a starter or creature types, not both")
        if spec.starter is not None and spec.starter not in pool.starters:
            raise WorldError(f"{where}: unknown starter deck '{spec.starter}'")
        try:
            problems = deck_problems(PRESETS["mantimon"], deck_of(d, pool), pool)
        except DeckError as exc:
            problems = exc.problems
        if problems:
            raise WorldError(f"{where}: the deck is not legal: {'; '.join(problems)}")
    roles = {
        "member": [m for c in world.clubs for m in c.members],
        "leader": [c.leader for c in world.clubs],
        "grand_master": list(world.grand_masters),
        "champion": [world.champion],
    }
    for role, duelists in roles.items():
        for d in duelists:
            if d.role != role:
                raise WorldError(f"world.json: duelist '{d.id}' stands as {role}, not {d.role}")
    for club in world.clubs:
        if club.promo not in pool:
            raise WorldError(f"world.json: club '{club.id}': unknown promo card '{club.promo}'")
    if len({c.id for c in world.clubs}) != len(world.clubs):
        raise WorldError("world.json: two clubs share an id")
