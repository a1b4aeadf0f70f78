"""Where a search level's time goes: its playouts' parts, timed by wrapping each one.

Plays seeded games of a search level against ``normal`` (mantimon preset, starter pairings
in turn) and prints, for the whole run, the seconds spent in ``normal``'s decisions, in
building the views it reads, in the engine (applying actions, listing legal actions), in
the evaluation, and the rest, each with its share of the wall clock. Asserts nothing.
Wrapping adds a little to every call: compare shares, not totals against other benches.

    .venv/bin/python bench/playout_split.py --level hard --games 1
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from itertools import product
from typing import Any

import mantimon.bots.search as search
from mantimon.bots import make_bot
from mantimon.bots.careful import CarefulBot
from mantimon.bots.selfplay import play_game
from mantimon.engine import PRESETS, default_pool

PARTS = {
    "normal's decisions (CarefulBot.choose)": (CarefulBot, "choose"),
    "normal's views (view_for)": (search, "view_for"),
    "engine: apply_action": (search, "apply_action"),
    "engine: legal_for_seat": (search, "legal_for_seat"),
    "evaluation (win_chance)": (search, "win_chance"),
}


def timed(spent: dict[str, float], name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--level", default="hard")
    parser.add_argument("--games", type=int, default=1)
    parser.add_argument("--seed", type=int, default=9000)
    args = parser.parse_args()
    pool = default_pool()
    ids = sorted(d for d, s in pool.starters.items() if s.preset == "mantimon")
    pairings = list(product(ids, ids))
    level, rival = make_bot(args.level), make_bot("normal")
    # ``normal`` at the other seat keeps the unwrapped method: only the ``normal`` inside
    # the playouts is counted (the game loop's views and actions are not ``search``'s).
    rival.choose = functools.partial(CarefulBot.choose, rival)  # type: ignore[method-assign]
    spent = dict.fromkeys(PARTS, 0.0)
    for name, (owner, attr) in PARTS.items():
        setattr(owner, attr, timed(spent, name, getattr(owner, attr)))
    start = time.perf_counter()
    for g in range(args.games):
        a, b = pairings[(3 + g) % len(pairings)]
        decks = [pool.starters[a].decklist(), pool.starters[b].decklist()]
        play_game(PRESETS["mantimon"], decks, [level, rival], args.seed + g)
    wall = time.perf_counter() - start
    print(f"{args.level} against normal, {args.games} game(s): {wall:.1f} s wall")
    for name, seconds in [*spent.items(), ("the rest", wall - sum(spent.values()))]:
        print(f"  {name:<42} {seconds:8.1f} s  {100 * seconds / wall:5.1f}%")


if __name__ == "__main__":
    main()
