"""Triggered abilities: running the ability that answers a moment the rules raise.

What lives here: ``fire`` (one creature's triggered ability, if it answers the moment) and
``fire_side`` (a player's creatures in play, the Active first). The rules modules call them
at the moments docs/ENGINE.md "Triggered abilities" lists; a triggered card is JSON (an
ability of kind ``triggered`` naming its ``trigger`` and effects) plus, at most, a new
effect handler. What must not: deciding when a moment happens (``apply``, ``flow``,
``combat`` and the effects that attach energy raise them), or what an effect does (its
handler in the registry).

Order, when several answer at once: in the order the rules raise them; for one moment
that concerns several creatures (knockouts, an attack that damaged several, a turn's
start), the turn player's creatures before the other's, each player's Active before the
bench in bench order. An ability's effects run in list order, as an activated ability's
do, and what they do may raise further moments (an effect that attaches energy raises
``energy_attached``; damage is checked for knockouts when the action ends).

The check is a set lookup on the pool's index (``CardPool.triggered``, keyed by the
trigger's value): a game whose cards have no triggered ability pays one dictionary read per
moment. Callers pass ``Trigger.X.value``, a plain string: a ``StrEnum`` member used as a
key is hashed by ``Enum.__hash__``, a Python-level call.
"""

from __future__ import annotations

from mantimon.engine import ops
from mantimon.engine.effects.registry import Ctx
from mantimon.engine.effects.runner import run_effects
from mantimon.engine.enums import Phase
from mantimon.engine.state import Creature, GameState

_OVER = Phase.GAME_OVER


def fire(state: GameState, trigger: str, seat: int, creature: Creature) -> None:
    """Run ``creature``'s triggered ability if it answers ``trigger`` (a ``Trigger``'s
    value; ``seat``: its owner, who is the ability's user). An ``active_only`` ability
    answers only while the creature is its owner's Active (a knocked-out one: never)."""
    ids = state.pool.triggered[trigger]
    if not ids or creature.card not in ids or state.phase is _OVER:
        return
    ability = state.creature_def(creature).ability
    assert ability is not None
    if ability.active_only and state.players[seat].active is not creature:
        return
    ops.emit(
        state,
        "ability",
        seat,
        {"ability": ability.name, "trigger": trigger},
        (creature.uid,),
    )
    run_effects(Ctx(state, seat, creature.uid, creature=creature), ability.effects, None)


def fire_side(state: GameState, trigger: str, seat: int) -> None:
    """``fire`` for each of ``seat``'s creatures in play, the Active first."""
    if not state.pool.triggered[trigger]:
        return
    p = state.players[seat]
    for c in [p.active, *p.bench] if p.active is not None else list(p.bench):
        fire(state, trigger, seat, c)
