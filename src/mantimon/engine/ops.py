"""Low-level state operations shared by the turn machine and the effect handlers.

What lives here: recording events, coin flips, drawing, shuffling, moving cards between
zones, putting creatures into play and taking them out. Each operation records the event(s)
it causes with the right visibility. What must not: legality checks or the turn order; the
callers (``flow``, ``combat``, ``apply`` and the effects) decide *whether*, these do *how*.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mantimon.cards import CreatureCard, EnergyCard
from mantimon.engine import rng
from mantimon.engine.enums import ROTATION_CONDITIONS, Condition
from mantimon.engine.state import Creature, Event, GameState, PlayerState


def emit(
    state: GameState,
    kind: str,
    seat: int | None,
    data: dict[str, Any] | None = None,
    cards: tuple[str, ...] = (),
    private_to: int | None = None,
    public: dict[str, Any] | None = None,
) -> None:
    """Record an event. See ``Event`` for how ``private_to`` and ``public`` hide details."""
    state.event_seq += 1
    state.log.append(Event(state.event_seq, kind, seat, data or {}, cards, private_to, public))


def flip(state: GameState, seat: int, reason: str) -> bool:
    """Flip a coin for ``seat`` (a public event); True is heads."""
    state.rng, value = rng.below(state.rng, 2)
    heads = value == 1
    emit(state, "flip", seat, {"result": "heads" if heads else "tails", "reason": reason})
    return heads


def shuffle_deck(state: GameState, cards: list[str]) -> None:
    state.rng = rng.shuffle(state.rng, cards)


def draw(state: GameState, seat: int, count: int = 1) -> int:
    """Draw up to ``count`` cards; returns how many were drawn (the deck may run short)."""
    p = state.players[seat]
    n = min(count, len(p.deck))
    if n <= 0:
        return 0
    drawn = p.deck[-n:]
    del p.deck[-n:]
    drawn.reverse()
    p.hand.extend(drawn)
    emit(
        state,
        "draw",
        seat,
        {"count": n},
        cards=tuple(drawn),
        private_to=seat,
        public={"count": n},
    )
    return n


def left_hand(p: PlayerState, uids: Iterable[str]) -> None:
    """Cards that left ``p``'s hand are no longer known there (``PlayerState.revealed``).
    Every move out of a hand calls this, even to a public zone: the card may come back."""
    if p.revealed:
        gone = set(uids)
        p.revealed = [u for u in p.revealed if u not in gone]


def energy_type_of(state: GameState, uid: str) -> str:
    card = state.defn(uid)
    assert isinstance(card, EnergyCard)
    return card.energy_type.value


def to_discard(state: GameState, seat: int, uids: list[str]) -> None:
    """Put cards into their owner's discard; energy from the energy deck goes to its own pile."""
    p = state.players[seat]
    for uid in uids:
        if not state.rules.energy_in_deck and isinstance(state.defn(uid), EnergyCard):
            p.energy_discard.append(uid)
        else:
            p.discard.append(uid)


def discard_energy(state: GameState, seat: int, creature: Creature, uids: list[str]) -> None:
    for uid in uids:
        creature.energy.remove(uid)
    to_discard(state, seat, uids)
    if uids:
        emit(state, "discard_energy", seat, {"count": len(uids)}, (creature.uid, *uids))


def new_creature(state: GameState, uid: str) -> Creature:
    return Creature(uid=uid, card=state.card_of[uid], since_turn=state.turn)


def bench_from_hand(state: GameState, seat: int, uid: str) -> Creature:
    p = state.players[seat]
    p.hand.remove(uid)
    left_hand(p, (uid,))
    creature = new_creature(state, uid)
    p.bench.append(creature)
    emit(state, "bench", seat, {}, (uid,))
    return creature


def max_hp_base(state: GameState, creature: Creature) -> int:
    card = state.pool.cards[creature.card]
    assert isinstance(card, CreatureCard)
    return card.hp


def damage(state: GameState, seat: int, creature: Creature, amount: int, cause: str) -> None:
    """Put ``amount`` damage on a creature (no modifiers; callers apply them first)."""
    if amount <= 0:
        return
    creature.damage += amount
    state.ko_check = True
    emit(state, "damage", seat, {"amount": amount, "cause": cause}, (creature.uid,))


def heal(state: GameState, seat: int, creature: Creature, amount: int) -> int:
    healed = min(amount, creature.damage)
    if healed > 0:
        creature.damage -= healed
        emit(state, "heal", seat, {"amount": healed}, (creature.uid,))
    return healed


def set_condition(state: GameState, seat: int, creature: Creature, cond: Condition) -> None:
    """Apply a special condition (actives only; the newest of asleep/paralyzed/confused wins)."""
    p = state.players[seat]
    if p.active is not creature:
        return
    if cond in ROTATION_CONDITIONS:
        creature.special = cond
        creature.special_turn = state.turn
    elif cond is Condition.POISONED:
        creature.poisoned = True
    elif cond is Condition.BURNED:
        creature.burned = True
    emit(state, "condition", seat, {"condition": cond.value}, (creature.uid,))


def clear_on_leave_active(creature: Creature) -> None:
    """Moving to the bench or evolving clears special conditions and attack effects."""
    creature.clear_conditions()
    creature.markers.clear()


def swap_active(state: GameState, seat: int, bench_index: int, cause: str) -> None:
    """Exchange the Active with the benched creature at ``bench_index``."""
    p = state.players[seat]
    new = p.bench[bench_index]
    old = p.active
    if old is not None:
        clear_on_leave_active(old)
        p.bench[bench_index] = old
    else:
        del p.bench[bench_index]
    p.active = new
    emit(
        state,
        "switch",
        seat,
        {"cause": cause},
        (new.uid,) + ((old.uid,) if old else ()),
    )


def remove_from_play(state: GameState, seat: int, creature: Creature) -> None:
    """Take a creature out of play: its stack and tool to discard, its energy to its pile."""
    p = state.players[seat]
    if p.active is creature:
        p.active = None
    else:
        p.bench.remove(creature)
    cards = [*creature.below, creature.uid]
    if creature.tool is not None:
        cards.append(creature.tool)
    to_discard(state, seat, cards)
    to_discard(state, seat, creature.energy)


def player(state: GameState, seat: int) -> PlayerState:
    return state.players[seat]
