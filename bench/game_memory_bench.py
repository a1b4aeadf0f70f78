"""Memory a process keeps for games: what stays after games end, and what a live game holds.

Prints, for random-vs-random mantimon games that also render both players' wire views after
every step (what the server does): the RSS growth of one process over ``--games`` finished
games (process-wide caches: anything kept after a game ends), and the RSS held per live game
with ``--live`` games kept open at their midpoint. Run: ``python bench/game_memory_bench.py``.
"""

from __future__ import annotations

import argparse
import gc
import os
import random

from machine import pin_one_core
from mantimon.engine import PRESETS, GameState, apply_action, default_pool, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import view_json

PLAYERS = ("p1", "p2")


def rss() -> int:
    """This process's resident memory in bytes (Linux)."""
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def play(seed: int, stop_at: int | None = None) -> GameState:
    """A random game with both views after every step; stopped after ``stop_at`` steps."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    state = new_game(PRESETS["mantimon"], decks, PLAYERS, seed)
    rng = random.Random(seed)
    steps = 0
    while not state.over and (stop_at is None or steps < stop_at):
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        apply_action(state, PLAYERS[seat], rng.choice(legal_for_seat(state, seat)))
        for pid in PLAYERS:
            view_json(state, pid)
        steps += 1
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=1000, help="finished games")
    parser.add_argument("--live", type=int, default=200, help="games held open at once")
    args = parser.parse_args()
    print(pin_one_core())
    play(0)
    gc.collect()
    start = rss()
    for seed in range(1, args.games + 1):
        play(seed)
    gc.collect()
    grown = rss() - start
    print(f"after {args.games} finished games: RSS +{grown / 2**20:.1f} MiB")
    before = rss()
    live = [play(100_000 + i, stop_at=70) for i in range(args.live)]
    gc.collect()
    held = (rss() - before) / len(live)
    print(f"{len(live)} live games at step 70: {held / 1024:.0f} KiB each")


if __name__ == "__main__":
    main()
