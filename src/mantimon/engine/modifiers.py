"""Passive rule changes: tools, the stadium, passive abilities and temporary markers.

What lives here: answering "what is this creature's max HP / retreat cost / damage dealt /
damage taken right now?" by folding every passive effect in play over the base value. What
must not: changing the state. Damage math order (RULES.md): base → attacker-side modifiers →
weakness → resistance → defender-side modifiers → floor at 0.
"""

from __future__ import annotations

from collections.abc import Iterator

from mantimon.cards import CreatureCard, EffectSpec
from mantimon.engine.effects.registry import EFFECTS, Hook, ModParams
from mantimon.engine.state import Creature, GameState


def _sources(state: GameState) -> Iterator[tuple[int | None, Creature | None, EffectSpec]]:
    """Every passive effect in play: (owner seat, host creature or None, effect)."""
    passive = state.pool.passives
    if state.stadium is not None:
        for spec in passive.get(state.card_of[state.stadium], ()):
            yield state.stadium_owner, None, spec
    for seat, p in enumerate(state.players):
        for c in (p.active, *p.bench):
            if c is None:
                continue
            specs = passive.get(c.card)
            if specs:
                card = state.pool.cards[c.card]
                assert isinstance(card, CreatureCard)
                if card.ability is not None and card.ability.active_only and c is not p.active:
                    pass
                else:
                    for spec in specs:
                        yield seat, c, spec
            if c.tool is not None:
                for spec in passive.get(state.card_of[c.tool], ()):
                    yield seat, c, spec


def _applies(
    state: GameState, p: ModParams, owner: int | None, host: Creature | None, seat: int, c: Creature
) -> bool:
    if p.scope == "self" and host is not c:
        return False
    if p.scope == "own" and owner != seat:
        return False
    if p.scope == "opponent" and (owner is None or owner == seat):
        return False
    if p.active_only and state.players[seat].active is not c:
        return False
    if p.types:
        card = state.pool.cards[c.card]
        assert isinstance(card, CreatureCard)
        if card.type not in p.types:
            return False
    return True


def modify(state: GameState, hook: Hook, seat: int, creature: Creature, value: int) -> int:
    """Fold every passive effect answering ``hook`` that applies to ``creature``."""
    for owner, host, spec in _sources(state):
        handler = EFFECTS[spec.effect]
        if handler.hook != hook or handler.modify is None:
            continue
        params = spec.params
        assert isinstance(params, ModParams)
        if _applies(state, params, owner, host, seat, creature):
            value = handler.modify(value, params)
    return value


def max_hp(state: GameState, seat: int, creature: Creature) -> int:
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    return max(10, modify(state, "max_hp", seat, creature, card.hp))


def retreat_cost(state: GameState, seat: int, creature: Creature) -> int:
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    return max(0, modify(state, "retreat_cost", seat, creature, card.retreat))


def has_marker(creature: Creature, kind: str) -> bool:
    return any(m.kind == kind for m in creature.markers)


def damage_dealt(state: GameState, seat: int, attacker: Creature, amount: int) -> int:
    """Attacker-side modifiers: tools, stadium, abilities, then the attacker's markers."""
    amount = modify(state, "damage_dealt", seat, attacker, amount)
    for m in attacker.markers:
        if m.kind == "damage_bonus":
            amount += m.amount
    return amount


def damage_taken(state: GameState, seat: int, defender: Creature, amount: int) -> int:
    """Defender-side modifiers, then prevention and reduction markers; floored at 0."""
    amount = modify(state, "damage_taken", seat, defender, amount)
    for m in defender.markers:
        if m.kind == "prevent_damage":
            return 0
        if m.kind == "reduce_damage":
            amount -= m.amount
    return max(0, amount)


def attack_damage(
    state: GameState,
    att_seat: int,
    attacker: Creature,
    def_seat: int,
    defender: Creature,
    base: int,
) -> int:
    """Damage an attack deals to the defending Active, in the order RULES.md sets."""
    if base <= 0:
        return 0
    rules = state.rules
    amount = damage_dealt(state, att_seat, attacker, base)
    a = state.pool.cards[attacker.card]
    d = state.pool.cards[defender.card]
    assert isinstance(a, CreatureCard) and isinstance(d, CreatureCard)
    if d.weakness is not None and d.weakness.type == a.type:
        mode = d.weakness.mode or rules.weakness_mode
        if mode == "multiply":
            amount *= d.weakness.value or rules.weakness_multiplier
        else:
            amount += rules.weakness_bonus if d.weakness.value is None else d.weakness.value
    if d.resistance is not None and d.resistance.type == a.type:
        amount -= rules.resistance_value if d.resistance.value is None else d.resistance.value
    return damage_taken(state, def_seat, defender, amount)
