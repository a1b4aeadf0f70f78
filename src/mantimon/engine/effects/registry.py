"""The effect registry and its hook contract.

Cards name effects by id in their JSON; this module maps each id to a ``Handler``: the
pydantic model its parameters must match (checked when the pool loads) and the functions
the engine calls. The contract, for someone writing a new effect:

* ``run(ctx, params)`` performs the effect for one use of a card (attack, trainer, ability).
  It may read and change ``ctx.state`` through ``mantimon.engine.ops`` only and must record
  what it did as events (ops do that). In an attack, handlers with ``timing="before_damage"``
  run before the damage is dealt and may change ``ctx.damage`` or set ``ctx.cancelled``;
  ``"after_damage"`` handlers run afterwards. Trainers and abilities run all in list order.
* ``params.when`` ("heads"/"tails") makes any effect conditional on the last coin flipped by
  an earlier effect of the same use (``ctx.last_flip``); the runner checks it, not the handler.
* ``can_use(ctx, params) -> bool`` (optional): whether a trainer or ability may be used now,
  e.g. a draw effect needs a non-empty deck. ``legal_actions`` asks it. It must read only
  what the player can see (RULES.md "Hidden information"): sizes of hidden piles, never
  their contents or order, nor the RNG; what a hidden card turns out to be is the effect's
  business (``tests/test_hidden_information.py`` checks). Of a list's checks, any one
  passing is enough (a card with several parts is playable if one part can happen).
* A handler that needs a decision after hidden information is revealed calls
  ``ask(ctx, ...)`` to queue a ``Pending`` choice and provides ``resume(ctx, params, picks)``
  to finish once the player answers. Such an effect must be the last of its list (checked
  at load time by ``catalog``).
* Effects of an attack that reach the opponent's creatures (conditions, effect damage,
  energy removal, switching, moving damage or energy) skip a creature for which
  ``shielded(ctx, seat, creature)`` holds (a ``prevent_effects`` marker).
* Every ``"before_damage"`` handler declares ``printed(shape, params) -> shape``: how it
  changes the damage the card shows (a ``Printed``: "50", "30×", "20+"). Clients show that
  label (``mantimon.engine.printed``), so it is derived from the data, never typed in.
* Passive effects (tools, stadiums, passive abilities) have no ``run``; they declare a
  ``hook`` (``damage_dealt``, ``damage_taken``, ``retreat_cost``, ``max_hp``) and a
  ``modify(value, params) -> value`` function; ``modifiers.py`` decides where they apply.

* Triggered abilities run their effects with ``run`` too, as an activated ability does,
  when the rules raise the ability's ``trigger`` (``mantimon.engine.triggers``; the moments
  and their order: docs/ENGINE.md "Triggered abilities").

Handlers are pure functions of the state: no I/O, no clock, randomness only via ``ops.flip``
and ``ops.shuffle_deck``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from mantimon.cards import EnergyType
from mantimon.engine.state import Creature, GameState, Pending

Timing = Literal["before_damage", "after_damage"]
Hook = Literal["damage_dealt", "damage_taken", "retreat_cost", "max_hp"]
Subject = Literal[
    "self", "target", "defender", "own_active", "own_bench", "opp_bench", "own_all", "opp_all"
]


class Params(BaseModel):
    """Base of every effect's parameters: frozen, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: Literal["heads", "tails"] | None = None


class ModParams(BaseModel):
    """Parameters shared by passive modifiers: how much, and to whom it applies."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: int
    scope: Literal["self", "own", "opponent", "all"] = "self"
    types: tuple[EnergyType, ...] = ()
    active_only: bool = False


@dataclass(frozen=True, slots=True)
class Printed:
    """An attack's damage as its card shows it: ``base``, or ``per_heads`` for each heads,
    and whether a coin or the board can make it more or less than that."""

    base: int
    per_heads: int = 0
    more: bool = False
    less: bool = False

    def label(self) -> str:
        """The label: "50"; "30×" (30 per heads); "20+" (20 or more); "20−" (or less)."""
        if self.per_heads and not self.base:
            return f"{self.per_heads}×" + ("+" if self.more else "")
        more = self.more or self.per_heads > 0
        sign = "±" if more and self.less else "+" if more else "−" if self.less else ""
        return f"{self.base}{sign}" if self.base or sign else ""

    def maybe(self, other: Printed) -> Printed:
        """This shape, which ``other`` replaces only sometimes (an effect with ``when``)."""
        if other == self:
            return self
        return replace(
            self,
            more=self.more or other.more or other.per_heads > 0 or other.base > self.base,
            less=self.less or other.less or other.base < self.base,
        )


@dataclass(slots=True)
class Ctx:
    """One use of a card's text: who uses it, from which card, at what."""

    state: GameState
    seat: int
    source: str
    creature: Creature | None = None
    target: Creature | None = None
    target_seat: int | None = None
    attacking: bool = False
    damage: int = 0
    cancelled: bool = False
    last_flip: bool | None = None

    @property
    def opp(self) -> int:
        return 1 - self.seat

    def user(self) -> Creature | None:
        """The creature using the card: the attacker or ability host, else the own Active."""
        return self.creature if self.creature is not None else self.state.players[self.seat].active


@dataclass(frozen=True, slots=True)
class Handler:
    id: str
    params: type[BaseModel]
    run: Callable[[Ctx, Any], None] | None = None
    timing: Timing = "after_damage"
    can_use: Callable[[Ctx, Any], bool] | None = None
    resume: Callable[[Ctx, Any, tuple[str, ...]], None] | None = None
    hook: Hook | None = None
    modify: Callable[[int, Any], int] | None = None
    description: str = ""
    internal: bool = False
    printed: Callable[[Printed, Any], Printed] | None = None


EFFECTS: dict[str, Handler] = {}

P = TypeVar("P", bound=BaseModel)
RunFn = Callable[[Ctx, Any], None]


def effect(
    effect_id: str,
    params: type[BaseModel],
    *,
    timing: Timing = "after_damage",
    can_use: Callable[[Ctx, Any], bool] | None = None,
    resume: Callable[[Ctx, Any, tuple[str, ...]], None] | None = None,
    internal: bool = False,
    printed: Callable[[Printed, Any], Printed] | None = None,
) -> Callable[[RunFn], RunFn]:
    """Register ``fn`` as the handler of ``effect_id`` (see the module docstring).

    ``internal`` handlers serve the engine itself (e.g. the mulligan bonus draw); cards
    cannot name them. ``printed`` is required before damage (see ``Printed``).
    """

    def register(fn: RunFn) -> RunFn:
        if effect_id in EFFECTS:
            raise ValueError(f"effect id '{effect_id}' registered twice")
        if timing == "before_damage" and printed is None:
            raise ValueError(f"effect '{effect_id}' shapes damage but not its printed label")
        EFFECTS[effect_id] = Handler(
            effect_id,
            params,
            fn,
            timing,
            can_use,
            resume,
            description=(fn.__doc__ or "").strip(),
            internal=internal,
            printed=printed,
        )
        return fn

    return register


def passive(
    effect_id: str, hook: Hook, params: type[BaseModel] = ModParams
) -> Callable[[Callable[[int, Any], int]], Callable[[int, Any], int]]:
    """Register a passive modifier answering ``hook`` queries."""

    def register(fn: Callable[[int, Any], int]) -> Callable[[int, Any], int]:
        if effect_id in EFFECTS:
            raise ValueError(f"effect id '{effect_id}' registered twice")
        EFFECTS[effect_id] = Handler(
            effect_id, params, hook=hook, modify=fn, description=(fn.__doc__ or "").strip()
        )
        return fn

    return register


@dataclass(slots=True)
class Ask:
    """What an effect asks of its player; ``ask`` turns it into a ``Pending`` choice."""

    prompt: str
    options: list[str]
    min: int = 1
    max: int = 1
    labels: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


# Parameters travel through a pending choice as JSON data (the state must stay JSON). The
# same few parameter objects come back again and again, so both directions are memoised
# by identity; each memo holds its key object, so an id cannot be reused while cached.
_DUMPED: dict[int, tuple[BaseModel, dict[str, Any]]] = {}
_LOADED: dict[int, tuple[dict[str, Any], BaseModel]] = {}


def dump_params(params: BaseModel) -> dict[str, Any]:
    hit = _DUMPED.get(id(params))
    if hit is None:
        data = params.model_dump(mode="json")
        hit = _DUMPED[id(params)] = (params, data)
        _LOADED[id(data)] = (data, params)
    return hit[1]


def load_params(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    hit = _LOADED.get(id(data))
    if hit is not None and isinstance(hit[1], model):
        return hit[1]
    return model.model_validate(data)


def ask(
    ctx: Ctx, effect_id: str, params: BaseModel, question: Ask, seat: int | None = None
) -> None:
    """Queue a pending choice answered later through the handler's ``resume``."""
    data = dict(question.data)
    data["params"] = dump_params(params)
    ctx.state.pending.append(
        Pending(
            seat=ctx.seat if seat is None else seat,
            kind="choice",
            prompt=question.prompt,
            options=question.options,
            min=min(question.min, len(question.options)),
            max=min(question.max, len(question.options)),
            effect=effect_id,
            source=ctx.source,
            labels=question.labels,
            data=data,
        )
    )


def shielded(ctx: Ctx, seat: int, creature: Creature) -> bool:
    """True when an attack's effect must skip ``creature``: it belongs to the opponent of
    the attacker and carries a ``prevent_effects`` marker (the attack's damage to the
    Active still lands; ``modifiers.damage_taken`` decides that)."""
    if not ctx.attacking or seat == ctx.seat or not creature.markers:
        return False
    return any(m.kind == "prevent_effects" for m in creature.markers)


def subjects(ctx: Ctx, subject: Subject) -> list[tuple[int, Creature]]:
    """The creatures an effect's ``subject`` names, with their seats."""
    if subject == "target":
        if ctx.target is None or ctx.target_seat is None:
            return []
        return [(ctx.target_seat, ctx.target)]
    players = ctx.state.players
    if subject == "self":
        user = ctx.user()
        return [(ctx.seat, user)] if user is not None else []
    if subject == "own_active":
        active = players[ctx.seat].active
        return [(ctx.seat, active)] if active is not None else []
    if subject == "defender":
        active = players[ctx.opp].active
        return [(ctx.opp, active)] if active is not None else []
    if subject == "own_bench":
        return [(ctx.seat, c) for c in players[ctx.seat].bench]
    if subject == "opp_bench":
        return [(ctx.opp, c) for c in players[ctx.opp].bench]
    if subject == "own_all":
        return [(ctx.seat, c) for c in players[ctx.seat].in_play()]
    return [(ctx.opp, c) for c in players[ctx.opp].in_play()]
