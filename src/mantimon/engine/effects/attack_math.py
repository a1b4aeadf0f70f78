"""Effects that shape an attack's damage before it is dealt (timing ``before_damage``).

What lives here: coin flips, bonuses and multipliers that read the board, and how each
shapes the damage the card shows (``printed``: "30×", "20+"). What must not: dealing damage
(``combat`` does that once, with weakness, resistance and modifiers).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from pydantic import Field

from mantimon.cards import EnergyType, Stage, Variant
from mantimon.engine import ops
from mantimon.engine.effects.registry import Ctx, Params, Printed, effect
from mantimon.engine.enums import Condition


class NoParams(Params):
    pass


def _same(shape: Printed, _p: Any) -> Printed:
    """The effect does not change the damage (a coin read by later effects, a cancel)."""
    return shape


def _per_heads(_shape: Printed, p: Any) -> Printed:
    """The damage is replaced by ``per_heads`` for each heads."""
    return Printed(0, p.per_heads)


def _varies(shape: Printed, p: Any) -> Printed:
    """The board decides how much is added: more (or less, for a negative amount)."""
    return replace(shape, more=shape.more or p.amount > 0, less=shape.less or p.amount < 0)


def _adds(shape: Printed, p: Any) -> Printed:
    """A fixed amount is added (made conditional by ``when``: see ``Printed.maybe``)."""
    return replace(shape, base=max(0, shape.base + p.amount))


@effect("flip", NoParams, timing="before_damage", printed=_same)
def _flip(ctx: Ctx, p: NoParams) -> None:
    """Flip a coin; later effects with ``when`` read the result."""
    ctx.last_flip = ops.flip(ctx.state, ctx.seat, "effect")


class CancelParams(Params):
    pass


@effect("cancel", CancelParams, timing="before_damage", printed=_same)
def _cancel(ctx: Ctx, p: CancelParams) -> None:
    """The attack does nothing (use with ``when``: "If tails, this attack does nothing")."""
    ctx.cancelled = True
    ops.emit(ctx.state, "attack_failed", ctx.seat, {})


class FlipMultiplierParams(Params):
    flips: int = Field(ge=1, le=10)
    per_heads: int = Field(ge=0)


@effect("flip_multiplier", FlipMultiplierParams, timing="before_damage", printed=_per_heads)
def _flip_multiplier(ctx: Ctx, p: FlipMultiplierParams) -> None:
    """Flip ``flips`` coins; the attack does ``per_heads`` damage for each heads."""
    heads = 0
    for _ in range(p.flips):
        result = ops.flip(ctx.state, ctx.seat, "damage")
        heads += result
        ctx.last_flip = result
    ctx.damage = p.per_heads * heads


class FlipUntilTailsParams(Params):
    per_heads: int = Field(ge=0)
    max_flips: int = Field(default=10, ge=1, le=20)


@effect("flip_until_tails", FlipUntilTailsParams, timing="before_damage", printed=_per_heads)
def _flip_until_tails(ctx: Ctx, p: FlipUntilTailsParams) -> None:
    """Flip until tails (at most ``max_flips``); ``per_heads`` damage for each heads."""
    heads = 0
    while heads < p.max_flips:
        ctx.last_flip = ops.flip(ctx.state, ctx.seat, "damage")
        if not ctx.last_flip:
            break
        heads += 1
    ctx.damage = p.per_heads * heads


class BonusParams(Params):
    amount: int


@effect("bonus", BonusParams, timing="before_damage", printed=_adds)
def _bonus(ctx: Ctx, p: BonusParams) -> None:
    """Add ``amount`` to the attack's damage (usually gated by ``when``)."""
    ctx.damage = max(0, ctx.damage + p.amount)


class PerEnergyParams(Params):
    amount: int
    whose: Literal["self", "defender"] = "self"
    beyond: int = Field(default=0, ge=0)


@effect("per_energy_bonus", PerEnergyParams, timing="before_damage", printed=_varies)
def _per_energy(ctx: Ctx, p: PerEnergyParams) -> None:
    """``amount`` more damage for each energy attached (beyond the first ``beyond``)."""
    who = ctx.creature if p.whose == "self" else ctx.state.players[ctx.opp].active
    if who is not None:
        ctx.damage += p.amount * max(0, len(who.energy) - p.beyond)


class PerDamageParams(Params):
    amount: int
    whose: Literal["self", "defender"] = "self"


@effect("per_damage_bonus", PerDamageParams, timing="before_damage", printed=_varies)
def _per_damage(ctx: Ctx, p: PerDamageParams) -> None:
    """``amount`` more damage for each 10 damage on the attacker or the defender."""
    who = ctx.creature if p.whose == "self" else ctx.state.players[ctx.opp].active
    if who is not None:
        ctx.damage += p.amount * (who.damage // 10)


class PerBenchParams(Params):
    amount: int
    side: Literal["own", "opp", "both"] = "own"


@effect("per_bench_bonus", PerBenchParams, timing="before_damage", printed=_varies)
def _per_bench(ctx: Ctx, p: PerBenchParams) -> None:
    """``amount`` more damage for each benched creature on the named side(s)."""
    own = len(ctx.state.players[ctx.seat].bench)
    opp = len(ctx.state.players[ctx.opp].bench)
    count = {"own": own, "opp": opp, "both": own + opp}[p.side]
    ctx.damage += p.amount * count


class IfConditionParams(Params):
    amount: int
    condition: Condition


@effect("bonus_if_condition", IfConditionParams, timing="before_damage", printed=_varies)
def _bonus_if_condition(ctx: Ctx, p: IfConditionParams) -> None:
    """``amount`` more damage if the defending Active has the special condition."""
    defender = ctx.state.players[ctx.opp].active
    if defender is not None and p.condition in defender.conditions():
        ctx.damage += p.amount


class IfDefenderParams(Params):
    amount: int
    variants: tuple[Variant, ...] = ()
    stages: tuple[Stage, ...] = ()
    types: tuple[EnergyType, ...] = ()


@effect("bonus_if_defender", IfDefenderParams, timing="before_damage", printed=_varies)
def _bonus_if_defender(ctx: Ctx, p: IfDefenderParams) -> None:
    """``amount`` more damage if the defending Active is of one of the listed variants
    (e.g. ex, mega), stages or types; an empty list matches anything."""
    defender = ctx.state.players[ctx.opp].active
    if defender is None:
        return
    card = ctx.state.creature_def(defender)
    if (
        (not p.variants or card.variant in p.variants)
        and (not p.stages or card.stage in p.stages)
        and (not p.types or card.type in p.types)
    ):
        ctx.damage += p.amount
