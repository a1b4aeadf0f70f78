"""Random legal decks and random games, for property tests and benchmarks of invariants.

``play_random`` drives a game with uniformly random legal actions (a small chance to
resign or let the timer expire, so those endings are exercised too) and hands every step
to an observer callback.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from mantimon.cards import CardPool, CreatureCard, DeckList, EnergyCard, EnergyType, Stage
from mantimon.engine import (
    Action,
    GameState,
    ResignAction,
    RulesConfig,
    Transition,
    apply_action,
    default_pool,
    expire_turn,
    new_game,
)
from mantimon.engine.legal import legal_for_seat, waiting_for

PLAYERS = ("ana", "bo")


def random_deck(rng: random.Random, rules: RulesConfig, pool: CardPool | None = None) -> DeckList:
    """A legal deck of random cards from the pool (at least one basic creature)."""
    pool = pool or default_pool()
    playable = [c for c in pool if not isinstance(c, EnergyCard)]
    basics = [c.id for c in playable if isinstance(c, CreatureCard) and c.stage is Stage.BASIC]
    energies = [c.id for c in pool if isinstance(c, EnergyCard) and c.basic]
    size = rules.deck_size - (rules.deck_size // 3 if rules.energy_in_deck else 0)
    counts: dict[str, int] = {rng.choice(basics): 1}
    while sum(counts.values()) < size:
        cid = rng.choice(playable).id
        if counts.get(cid, 0) < rules.max_copies:
            counts[cid] = counts.get(cid, 0) + 1
    cards = [cid for cid, n in counts.items() for _ in range(n)]
    types = {c.type for c in pool if isinstance(c, CreatureCard) and c.id in counts}
    wanted = [f"energy-{t.value}" for t in types if t is not EnergyType.COLORLESS]
    energy_ids = [e for e in energies if e in wanted] or energies
    if rules.energy_in_deck:
        cards += [rng.choice(energy_ids) for _ in range(rules.deck_size - len(cards))]
        return DeckList(cards=tuple(cards))
    energy = tuple(rng.choice(energy_ids) for _ in range(rules.energy_deck_size))
    return DeckList(cards=tuple(cards), energy=energy)


@dataclass
class Played:
    state: GameState
    actions: list[tuple[str, Action]] = field(default_factory=list)
    expiries: int = 0


Observer = Callable[[GameState, str, Action | None, Transition], None]


def play_random(
    rules: RulesConfig,
    decks: list[DeckList],
    seed: int,
    observe: Observer | None = None,
    resign_chance: float = 0.002,
    expire_chance: float = 0.01,
    max_steps: int = 5_000,
) -> Played:
    """Play a random game to its end; ``observe`` sees (state, player, action, transition)
    after every step (``action`` is None for a timer expiry)."""
    state = new_game(rules, decks, PLAYERS, seed)
    rng = random.Random(seed ^ 0x5EED)
    played = Played(state)
    for _ in range(max_steps):
        if state.over:
            return played
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        pid = PLAYERS[seat]
        roll = rng.random()
        if roll < expire_chance:
            transition = expire_turn(state, pid)
            played.expiries += 1
            played.actions.extend((pid, a) for a in transition.actions)
            action: Action | None = None
        else:
            action = ResignAction() if roll < expire_chance + resign_chance else None
            if action is None:
                action = rng.choice(legal_for_seat(state, seat))
            transition = apply_action(state, pid, action)
            played.actions.append((pid, action))
        if observe is not None:
            observe(state, pid, action, transition)
    raise AssertionError(f"game with seed {seed} did not end within {max_steps} steps")
