"""Decision points of real seeded games, shared by the search bots' tests.

Games between two GreedyBots (fast, and they reach every phase: attacks, evolutions,
knockouts, promotions, trainers) in both presets over every starter deck, each paired with
the next one in name order; the caller gets the real state and the seat to move at every
``every``-th decision.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from mantimon.bots import GreedyBot
from mantimon.engine import (
    PRESETS,
    GameState,
    apply_action,
    default_pool,
    new_game,
    view_for,
    waiting_for,
)


def starter_pairs(preset: str) -> list[tuple[str, str]]:
    """Every starter of ``preset`` against the next one (so each plays both seats)."""
    ids = sorted(d for d, s in default_pool().starters.items() if s.preset == preset)
    return [(ids[i], ids[(i + 1) % len(ids)]) for i in range(len(ids))]


def decision_points(preset: str, seed: int, every: int) -> Iterator[tuple[GameState, int]]:
    """(real state, seat to move) at every ``every``-th decision of seeded greedy games,
    one game per starter pairing; the state must not be changed by the caller."""
    pool = default_pool()
    bot = GreedyBot(pool)
    for k, (a, b) in enumerate(starter_pairs(preset)):
        decks = [pool.starters[a].decklist(), pool.starters[b].decklist()]
        state = new_game(PRESETS[preset], decks, ["p1", "p2"], seed + k)
        rng = random.Random(seed + k)
        n = 0
        while not state.over:
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            if n % every == 0:
                yield state, seat
            pid = state.players[seat].id
            apply_action(state, pid, bot.choose(view_for(state, pid), rng))
            n += 1
