"""Passive rule changes: tools, the stadium, passive abilities and temporary markers.

What lives here: answering "what is this creature's max HP / retreat cost / damage dealt /
damage taken right now?" by folding every passive effect in play over the base value. What
must not: changing the state. Damage math order (RULES.md): base → attacker-side modifiers →
weakness → resistance → defender-side modifiers → floor at 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mantimon.cards import CardPool, CreatureCard, EffectSpec
from mantimon.engine.effects.registry import EFFECTS, Hook, ModParams
from mantimon.engine.state import Creature, GameState

Source = tuple[int | None, Creature | None, EffectSpec]


def _sources(state: GameState, ids: frozenset[str]) -> list[Source]:
    """The passive effects in play on cards in ``ids``: (owner seat, host or None, effect)."""
    passive = state.pool.passives
    card_of = state.card_of
    out: list[Source] = []
    if state.stadium is not None and card_of[state.stadium] in ids:
        for spec in passive[card_of[state.stadium]]:
            out.append((state.stadium_owner, None, spec))
    if ids <= state.pool.stadiums:  # only stadiums answer this hook: skip the board
        return out
    for seat, p in enumerate(state.players):
        active = p.active
        for c in (active, *p.bench) if active is not None else p.bench:
            if c.card in ids and (c is active or not _active_only(state, c)):
                for spec in passive[c.card]:
                    out.append((seat, c, spec))
            if c.tool is not None and card_of[c.tool] in ids:
                for spec in passive[card_of[c.tool]]:
                    out.append((seat, c, spec))
    return out


def _active_only(state: GameState, c: Creature) -> bool:
    card = state.pool.cards[c.card]
    return isinstance(card, CreatureCard) and card.ability is not None and card.ability.active_only


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


def _hook_ids(pool: CardPool, hook: Hook) -> frozenset[str]:
    """The ids of cards carrying a passive effect that answers ``hook`` (memoised per pool)."""
    index: dict[str, frozenset[str]] | None = pool.memo.get("passive_hooks")
    if index is None:
        found: dict[str, set[str]] = {}
        for card_id, specs in pool.passives.items():
            for spec in specs:
                h = EFFECTS[spec.effect].hook
                if h is not None:
                    found.setdefault(h, set()).add(card_id)
        index = {h: frozenset(ids) for h, ids in found.items()}
        pool.memo["passive_hooks"] = index
    return index.get(hook, _NONE)


_NONE: frozenset[str] = frozenset()


def _game_hook_ids(state: GameState, hook: Hook) -> frozenset[str]:
    """The ids of cards dealt into this game that answer ``hook``.

    Per game: the hook index narrowed to the cards of this game (a pool holds many passive
    cards no deck of a given game plays; without this, one such card anywhere in the pool
    sends every query of its hook through a board scan), kept on the state (``hooks``,
    shared by clones) so it leaves memory with the game. Built from the game's card map,
    which is fixed once the game is dealt; the map, its size and the pool are checked too,
    because test scenarios add cards by hand."""
    card_of = state.card_of
    hit: tuple[dict[str, str], int, CardPool, dict[str, frozenset[str]]] | None = state.hooks
    if hit is None or hit[0] is not card_of or hit[1] != len(card_of) or hit[2] is not state.pool:
        present = frozenset(card_of.values())
        index = {
            h: _hook_ids(state.pool, h) & present
            for h in ("damage_dealt", "damage_taken", "retreat_cost", "max_hp")
        }
        hit = state.hooks = (card_of, len(card_of), state.pool, index)
    return hit[3].get(hook, _NONE)


def in_game(state: GameState, hook: Hook) -> bool:
    """Whether any card dealt into this game answers ``hook`` (wherever it is now)."""
    return bool(_game_hook_ids(state, hook))


def modify(state: GameState, hook: Hook, seat: int, creature: Creature, value: int) -> int:
    """Fold every passive effect answering ``hook`` that applies to ``creature``.

    Only cards that answer the hook are collected (set lookups), so the common query with
    no such card in play costs one pass over the board.
    """
    ids = _game_hook_ids(state, hook)
    if not ids:
        return value
    for owner, host, spec in _sources(state, ids):
        handler = EFFECTS[spec.effect]
        if handler.hook != hook or handler.modify is None:
            continue
        params = spec.params
        assert isinstance(params, ModParams)
        if _applies(state, params, owner, host, seat, creature):
            value = handler.modify(value, params)
    return value


Fold = Callable[[int, Creature, int], int]


def folder(state: GameState, hook: Hook) -> Fold:
    """``modify`` for many creatures at once: the board is scanned for ``hook`` once."""
    fold = folder_if_any(state, hook)
    return fold if fold is not None else _unchanged


def _unchanged(seat: int, creature: Creature, value: int) -> int:
    return value


def folder_if_any(state: GameState, hook: Hook) -> Fold | None:
    """``folder``, or None when nothing in play answers ``hook``: every creature then has its
    card's own value (card data never falls below the floors of ``max_hp`` and
    ``retreat_cost``), which a caller reads without a call per creature."""
    ids = _game_hook_ids(state, hook)
    sources = _sources(state, ids) if ids else []
    if not sources:
        return None
    # Each source's parameters and transform, looked up once for all the creatures folded.
    live: list[tuple[int | None, Creature | None, ModParams, Callable[[int, Any], int]]] = []
    for owner, host, spec in sources:
        handler = EFFECTS[spec.effect]
        # A card may carry passives for several hooks (a tool: more HP and a cheaper
        # retreat); only this hook's join the fold, as in ``modify``.
        if handler.hook != hook or handler.modify is None:
            continue
        params = spec.params
        assert isinstance(params, ModParams)
        live.append((owner, host, params, handler.modify))

    def fold(seat: int, creature: Creature, value: int) -> int:
        for owner, host, params, modify in live:
            if _applies(state, params, owner, host, seat, creature):
                value = modify(value, params)
        return value

    return fold


def max_hp(state: GameState, seat: int, creature: Creature, fold: Fold | None = None) -> int:
    """HP after modifiers, never below 10 (``fold``: a ``folder(state, "max_hp")``)."""
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    if fold is not None:
        return folded_max_hp(fold, seat, creature, card)
    return max(10, modify(state, "max_hp", seat, creature, card.hp))


def folded_max_hp(fold: Fold, seat: int, creature: Creature, card: CreatureCard) -> int:
    """``max_hp`` for a caller holding the creature's card and a ``folder(state, "max_hp")``."""
    return max(10, fold(seat, creature, card.hp))


def retreat_cost(state: GameState, seat: int, creature: Creature, fold: Fold | None = None) -> int:
    """Retreat cost after modifiers, never below 0."""
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    if fold is not None:
        return folded_retreat_cost(fold, seat, creature, card)
    return max(0, modify(state, "retreat_cost", seat, creature, card.retreat))


def folded_retreat_cost(fold: Fold, seat: int, creature: Creature, card: CreatureCard) -> int:
    """``retreat_cost`` for a caller holding the card and a ``folder(state, "retreat_cost")``."""
    return max(0, fold(seat, creature, card.retreat))


def has_marker(creature: Creature, kind: str) -> bool:
    markers = creature.markers
    if not markers:  # the usual case, asked on every legality check
        return False
    return any(m.kind == kind for m in markers)


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
