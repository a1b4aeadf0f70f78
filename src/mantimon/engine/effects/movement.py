"""Effects that move what sits on creatures: damage from one creature to another, energy
from one creature to another.

What lives here: ``move_damage`` and ``move_energy``. Moving damage is not dealing damage:
no weakness, resistance or modifiers apply, but a creature that receives enough damage is
knocked out as usual. What must not: dealing new damage (``board.damage``) or attaching
energy from a pile (``board.accelerate``).
"""

from __future__ import annotations

from pydantic import Field

from mantimon.cards import EnergyType
from mantimon.engine import ops
from mantimon.engine.effects.registry import Ctx, Params, Subject, effect, shielded, subjects
from mantimon.engine.state import Creature


def _first_other(ctx: Ctx, subject: Subject, avoid: Creature) -> tuple[int, Creature] | None:
    for seat, c in subjects(ctx, subject):
        if c is not avoid:
            return seat, c
    return None


class MoveDamageParams(Params):
    amount: int = Field(gt=0)
    source: Subject = "target"
    dest: Subject = "self"


def _can_move_damage(ctx: Ctx, p: MoveDamageParams) -> bool:
    for _, c in subjects(ctx, p.source):
        if c.damage > 0 and _first_other(ctx, p.dest, c) is not None:
            return True
    return False


@effect("move_damage", MoveDamageParams, can_use=_can_move_damage)
def _move_damage(ctx: Ctx, p: MoveDamageParams) -> None:
    """Move up to ``amount`` damage from each ``source`` creature onto the first ``dest``
    creature that is not the source itself (e.g. take damage off a benched friend, or hand
    this creature's damage to the defender)."""
    for seat, c in subjects(ctx, p.source):
        found = _first_other(ctx, p.dest, c)
        if found is None or c.damage <= 0:
            continue
        dest_seat, dest = found
        if shielded(ctx, dest_seat, dest) or shielded(ctx, seat, c):
            continue
        moved = min(p.amount, c.damage)
        ops.heal(ctx.state, seat, c, moved)
        ops.damage(ctx.state, dest_seat, dest, moved, "moved")


class MoveEnergyParams(Params):
    count: int = Field(default=1, ge=1)
    source: Subject = "target"
    dest: Subject = "own_active"
    type: EnergyType | None = None


def _movable(ctx: Ctx, c: Creature, p: MoveEnergyParams) -> list[str]:
    if p.type is None:
        return list(reversed(c.energy))
    type_of = ctx.state.pool.energy_type_of
    card_of = ctx.state.card_of
    return [uid for uid in reversed(c.energy) if type_of[card_of[uid]] == p.type]


def _can_move_energy(ctx: Ctx, p: MoveEnergyParams) -> bool:
    for _, c in subjects(ctx, p.source):
        if _movable(ctx, c, p) and _first_other(ctx, p.dest, c) is not None:
            return True
    return False


@effect("move_energy", MoveEnergyParams, can_use=_can_move_energy)
def _move_energy(ctx: Ctx, p: MoveEnergyParams) -> None:
    """Move up to ``count`` energy (of ``type`` if given, newest first) from the ``source``
    creature(s) to the first ``dest`` creature that is not the source."""
    left = p.count
    for seat, c in subjects(ctx, p.source):
        found = _first_other(ctx, p.dest, c)
        if found is None or left <= 0 or shielded(ctx, seat, c):
            continue
        dest_seat, dest = found
        for uid in _movable(ctx, c, p)[:left]:
            c.energy.remove(uid)
            dest.energy.append(uid)
            left -= 1
            ops.emit(ctx.state, "move_energy", seat, {"to": dest_seat}, (c.uid, dest.uid, uid))
