"""Engine benchmark: full random games per second and the cost of the hot operations.

Prints, on one core: random-vs-random full games/s and actions/s (both presets; median and
best of several rounds, because these VMs are noisy), ``legal_actions`` µs (without the memo),
``clone`` µs (with ``copy.deepcopy`` of the same state as the in-run baseline), view + JSON µs
(the wire path, with the pydantic-model path as the in-run baseline), and the serialized
GameState size. Run: ``make bench``.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import time

from machine import pin_one_core
from mantimon.engine import (
    PRESETS,
    GameState,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    state_to_json,
    view_for,
)
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import view_json

DECKS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}


def random_game(preset: str, seed: int, samples: list[GameState] | None = None) -> int:
    """Play one uniformly random game (no resignations); returns the number of actions."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in DECKS[preset]]
    state = new_game(PRESETS[preset], decks, ("p1", "p2"), seed)
    rng = random.Random(seed)
    ids = ("p1", "p2")
    n = 0
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        action = rng.choice(legal_for_seat(state, seat))
        apply_action(state, ids[seat], action)
        n += 1
        if samples is not None and n % 7 == 0:
            samples.append(state.clone())
    return n


def per_call_us(fn: object, items: list[GameState], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)  # type: ignore[operator]
        best = min(best, (time.perf_counter() - start) / len(items))
    return best * 1e6


def games_per_second(preset: str, games: int, rounds: int) -> tuple[float, float, int]:
    """(median, best) games/s over ``rounds`` rounds of the same ``games`` seeds."""
    rates = []
    actions = 0
    for _ in range(rounds):
        start = time.perf_counter()
        actions = sum(random_game(preset, seed) for seed in range(games))
        rates.append(games / (time.perf_counter() - start))
    return statistics.median(rates), max(rates), actions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=100, help="games per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{pin_one_core()}; {args.rounds} rounds of {args.games} games (median / best round)")
    default_pool()  # load cards outside the timings
    for preset in ("mantimon", "classic"):
        random_game(preset, 10_000)  # warm-up
        median, best, actions = games_per_second(preset, args.games, args.rounds)
        per_game = actions / args.games
        print(
            f"{preset:9s} random-vs-random: {median:7.1f} / {best:7.1f} games/s, "
            f"{median * per_game:7.0f} / {best * per_game:7.0f} actions/s, "
            f"{per_game:.0f} actions/game"
        )

    samples: list[GameState] = []
    for seed in range(20):
        random_game("mantimon", 500 + seed, samples)
    ids = ("p1", "p2")

    def fresh_legal(s: GameState) -> None:
        s.legal_cache = None  # measure the enumeration, not the memo
        legal_actions(s, ids[s.current])

    legal_us = per_call_us(fresh_legal, samples)
    clone_us = per_call_us(lambda s: s.clone(), samples)
    deep_us = per_call_us(lambda s: copy.deepcopy(s), samples[:200], repeat=1)
    wire_us = per_call_us(lambda s: view_json(s, ids[s.current]), samples)
    model_us = per_call_us(lambda s: view_for(s, ids[s.current]).model_dump_json(), samples)
    sizes = [len(state_to_json(s)) for s in samples]
    view_sizes = [len(view_json(s, ids[s.current])) for s in samples]
    print(f"legal_actions:        {legal_us:8.1f} µs (mid-game states, n={len(samples)})")
    print(
        f"clone:                {clone_us:8.1f} µs  (copy.deepcopy: {deep_us:.0f} µs, "
        f"{deep_us / clone_us:.0f}x slower)"
    )
    print(
        f"view + JSON (wire):   {wire_us:8.1f} µs  (through the pydantic model: "
        f"{model_us:.0f} µs, {model_us / wire_us:.1f}x slower)"
    )
    print(
        f"state JSON size:      {statistics.mean(sizes) / 1024:8.1f} KiB mean, "
        f"{max(sizes) / 1024:.1f} KiB max; view {statistics.mean(view_sizes) / 1024:.1f} KiB mean"
    )


if __name__ == "__main__":
    main()
