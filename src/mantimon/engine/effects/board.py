"""Effects on creatures in play: conditions, damage, healing, energy, switching, protection.

What lives here: after-damage attack effects and trainer/ability effects that change the
board. What must not: drawing or searching cards (``card_flow``) or damage math (``modifiers``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mantimon.cards import EnergyType, Trigger
from mantimon.engine import modifiers, ops, triggers
from mantimon.engine.effects.registry import Ctx, Params, Subject, effect, shielded, subjects
from mantimon.engine.enums import Condition
from mantimon.engine.state import Marker

_ENERGY_ATTACHED = Trigger.ENERGY_ATTACHED.value


class InflictParams(Params):
    condition: Condition
    subject: Subject = "defender"


@effect("inflict", InflictParams)
def _inflict(ctx: Ctx, p: InflictParams) -> None:
    """Give the subject (an Active) a special condition."""
    for seat, c in subjects(ctx, p.subject):
        if not shielded(ctx, seat, c):
            ops.set_condition(ctx.state, seat, c, p.condition)


class DamageParams(Params):
    amount: int = Field(gt=0)
    subject: Subject = "opp_bench"


@effect("damage", DamageParams)
def _damage(ctx: Ctx, p: DamageParams) -> None:
    """Put damage on the subject: bench snipes, spread damage, recoil on ``self``.

    No weakness or resistance (RULES.md). Damage to the opponent's creatures from an attack
    still meets their defender-side modifiers (prevention, reduction); damage a player's
    card does to that player's own creatures meets none.
    """
    for seat, c in subjects(ctx, p.subject):
        amount = p.amount
        if shielded(ctx, seat, c):
            continue
        if seat != ctx.seat and ctx.attacking:
            amount = modifiers.damage_taken(ctx.state, seat, c, amount)
        ops.damage(ctx.state, seat, c, amount, "effect" if seat != ctx.seat else "self")


def _any_damaged(ctx: Ctx, subject: Subject) -> bool:
    if subject == "target":  # the common case, asked for every candidate target
        return ctx.target is not None and ctx.target.damage > 0
    return any(c.damage > 0 for _, c in subjects(ctx, subject))


class HealParams(Params):
    amount: int = Field(gt=0)
    subject: Subject = "self"
    cure: bool = False


def _can_heal(ctx: Ctx, p: HealParams) -> bool:
    if _any_damaged(ctx, p.subject):
        return True
    return p.cure and any(c.has_conditions for _, c in subjects(ctx, p.subject))


@effect("heal", HealParams, can_use=_can_heal)
def _heal(ctx: Ctx, p: HealParams) -> None:
    """Heal ``amount`` damage from the subject (and optionally cure its conditions)."""
    for seat, c in subjects(ctx, p.subject):
        ops.heal(ctx.state, seat, c, p.amount)
        if p.cure and c.has_conditions:
            c.clear_conditions()
            ops.emit(ctx.state, "cure", seat, {}, (c.uid,))


class CureParams(Params):
    subject: Subject = "own_active"


@effect(
    "cure",
    CureParams,
    can_use=lambda ctx, p: any(c.has_conditions for _, c in subjects(ctx, p.subject)),
)
def _cure(ctx: Ctx, p: CureParams) -> None:
    """Remove every special condition from the subject."""
    for seat, c in subjects(ctx, p.subject):
        if c.has_conditions:
            c.clear_conditions()
            ops.emit(ctx.state, "cure", seat, {}, (c.uid,))


class DiscardEnergyParams(Params):
    count: int = Field(default=1, ge=1)
    subject: Subject = "self"
    type: EnergyType | None = None


@effect("discard_energy", DiscardEnergyParams)
def _discard_energy(ctx: Ctx, p: DiscardEnergyParams) -> None:
    """Discard ``count`` energy (of ``type`` if given) from the subject, newest first."""
    for seat, c in subjects(ctx, p.subject):
        if shielded(ctx, seat, c):
            continue
        chosen = [
            uid
            for uid in reversed(c.energy)
            if p.type is None or ops.energy_type_of(ctx.state, uid) == p.type.value
        ][: p.count]
        ops.discard_energy(ctx.state, seat, c, chosen)


class SwitchParams(Params):
    side: Literal["own", "opp"] = "own"


def _can_switch(ctx: Ctx, p: SwitchParams) -> bool:
    seat = ctx.seat if p.side == "own" else ctx.opp
    return bool(ctx.state.players[seat].bench) and ctx.state.players[seat].active is not None


@effect("switch", SwitchParams, can_use=_can_switch)
def _switch(ctx: Ctx, p: SwitchParams) -> None:
    """Swap a side's Active with the benched target (own: switch; opp: gust)."""
    seat = ctx.seat if p.side == "own" else ctx.opp
    bench = ctx.state.players[seat].bench
    active = ctx.state.players[seat].active
    if active is not None and shielded(ctx, seat, active):
        return
    target = ctx.target
    if target is None or ctx.target_seat != seat:
        if not bench:
            return
        target = bench[0]
    ops.swap_active(ctx.state, seat, bench.index(target), "effect")


class ProtectParams(Params):
    kind: Literal[
        "prevent_damage",
        "prevent_effects",
        "reduce_damage",
        "damage_bonus",
        "cant_attack",
        "cant_retreat",
    ]
    amount: int = 0
    subject: Subject = "self"


@effect("protect", ProtectParams)
def _protect(ctx: Ctx, p: ProtectParams) -> None:
    """Mark the subject until the end of the next turn.

    ``prevent_damage``/``reduce_damage`` protect against attacks during the opponent's next
    turn; ``prevent_effects`` shields from every effect of the opponent's attacks other
    than their damage to the Active (conditions, bench damage, energy removal, switching);
    ``damage_bonus`` (on the own attacker) lasts through its owner's next turn;
    ``cant_attack``/``cant_retreat`` (on the defender) bind the opponent's next turn.
    """
    turns = 2 if p.kind == "damage_bonus" else 1
    for seat, c in subjects(ctx, p.subject):
        if shielded(ctx, seat, c):
            continue
        c.markers.append(Marker(p.kind, p.amount, ctx.state.turn + turns))
        ops.emit(ctx.state, "marker", seat, {"kind": p.kind, "amount": p.amount}, (c.uid,))


class AccelerateParams(Params):
    source: Literal["zone", "discard", "energy_deck"] = "zone"
    count: int = Field(default=1, ge=1)
    type: EnergyType | None = None
    subject: Subject = "self"


def _energy_pile(ctx: Ctx, source: str) -> list[str]:
    p = ctx.state.players[ctx.seat]
    if source == "zone":
        return p.energy_zone if not ctx.state.rules.energy_in_deck else []
    if source == "energy_deck":
        return p.energy_deck if not ctx.state.rules.energy_in_deck else []
    return p.discard if ctx.state.rules.energy_in_deck else p.energy_discard


def _matching_energy(ctx: Ctx, p: AccelerateParams) -> list[str]:
    """Energy cards of the wanted type in the pile the card takes energy from (from the
    energy deck: among its top ``count`` cards, top first)."""
    type_of = ctx.state.pool.energy_type_of
    card_of = ctx.state.card_of
    pile = _energy_pile(ctx, p.source)
    if p.source == "energy_deck":
        pile = pile[: -p.count - 1 : -1]
    out = []
    for uid in pile:
        etype = type_of.get(card_of[uid])
        if etype is not None and (p.type is None or etype == p.type):
            out.append(uid)
    return out


def _no_energy_this_turn(ctx: Ctx) -> bool:
    """RULES.md: on the first player's first turn (mantimon) no energy is attached from any
    source, abilities and trainers included (except in games dealt before that ruling:
    ``RulesConfig.first_turn_effect_energy``)."""
    return ctx.state.turn == 1 and not ctx.state.rules.effect_energy_on_first_turn


def _can_accelerate(ctx: Ctx, p: AccelerateParams) -> bool:
    """Something to attach to, and energy to take: seen in the zone or the discard; for
    the energy deck, whose top card is hidden, only a card to look at (RULES.md "Hidden
    information": what the look finds is the effect, not a condition of using it)."""
    if _no_energy_this_turn(ctx) or not subjects(ctx, p.subject):
        return False
    if p.source == "energy_deck":
        return bool(_energy_pile(ctx, p.source))
    return bool(_matching_energy(ctx, p))


@effect("accelerate", AccelerateParams, can_use=_can_accelerate)
def _accelerate(ctx: Ctx, p: AccelerateParams) -> None:
    """Attach ``count`` extra energy to the subject from the energy zone, the discard (the
    energy discard in the mantimon preset) or the top of the energy deck (mantimon only:
    look at the top ``count`` cards and attach those of the wanted type; the player sees
    what they looked at, the opponent only whether anything was found)."""
    targets = subjects(ctx, p.subject)
    if not targets or _no_energy_this_turn(ctx):
        return
    seat, creature = targets[0]
    pile = _energy_pile(ctx, p.source)
    found = _matching_energy(ctx, p)[: p.count]
    if p.source == "energy_deck" and pile:
        _tell_look(ctx, p, pile[: -p.count - 1 : -1], len(found))
    for uid in found:
        pile.remove(uid)
        creature.energy.append(uid)
        ops.emit(ctx.state, "attach", seat, {"from": p.source}, (creature.uid, uid))
        triggers.fire(ctx.state, _ENERGY_ATTACHED, seat, creature)


def _tell_look(ctx: Ctx, p: AccelerateParams, looked: list[str], found: int) -> None:
    """Log a look at the top of the energy deck: the cards by name for their owner (they
    stay hidden, so no card references), only the counts for everyone else."""
    seen = {"count": len(looked), "found": found, "type": p.type.value if p.type else None}
    names = [ctx.state.defn(uid).name for uid in looked]
    ops.emit(ctx.state, "look_energy", ctx.seat, {**seen, "cards": names}, (), ctx.seat, seen)
